namespace CameraBeheer.Domain.Audit;

/// <summary>One line of the audit log: who called what on which target, with what outcome, chained to the line before it.</summary>
/// <param name="Time">When the call happened, UTC, to the millisecond (the precision the line keeps).</param>
/// <param name="Method">The gRPC service and method, e.g. "Cameras/Events".</param>
/// <param name="Target">What the call was about, e.g. "domus-almere-poort/cam-01" or a request id.</param>
/// <param name="Outcome">"ok", "denied", "not-found: …", etc.</param>
/// <param name="Reason">The reason the caller gave (e.g. a case number), if any.</param>
/// <param name="Previous">Lowercase hex SHA-256 of the previous line of the day, or the day's genesis hash for the first entry.</param>
/// <param name="Sequence">1-based position of the entry within the day file.</param>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string Caller,
    string Role,
    string Method,
    string Target,
    string Outcome,
    string? Reason,
    string Previous,
    long Sequence);
