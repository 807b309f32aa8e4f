namespace CameraBeheer.Domain.Audit;

/// <summary>The result of checking one day of the audit log: intact, or where and how the chain first breaks.</summary>
/// <param name="EntriesChecked">Entries that passed before the first break (all of them when intact).</param>
/// <param name="LineNumber">1-based line of the first break; null when intact.</param>
/// <param name="Problem">One readable line starting with the line it is about; null when intact.</param>
public sealed record AuditVerification(bool Intact, long EntriesChecked, int? LineNumber, string? Problem)
{
    public static AuditVerification Ok(long entries) => new(true, entries, null, null);

    public static AuditVerification Broken(long entriesChecked, int lineNumber, string problem) =>
        new(false, entriesChecked, lineNumber, problem);
}
