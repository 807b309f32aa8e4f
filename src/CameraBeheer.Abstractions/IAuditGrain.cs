namespace CameraBeheer.Abstractions;

/// <summary>
/// The append-only, hash-chained audit log of one site (key: the site id): who read footage or changed state, when, why,
/// and with which outcome. One activation per site serialises the appends, which keeps the chain linear.
/// </summary>
public interface IAuditGrain : IGrainWithStringKey
{
    /// <summary>Appends an entry; durable when the task completes.</summary>
    Task AppendAsync(AuditRecord record);

    /// <summary>Checks the chain of one UTC day, or of every day in the log when <paramref name="day"/> is null.</summary>
    Task<AuditCheck> VerifyAsync(DateOnly? day);

    /// <summary>The lines of one UTC day's file as stored (empty when the day has none), for a manager to read.</summary>
    Task<IReadOnlyList<string>> ReadDayAsync(DateOnly day);
}

/// <summary>What a caller asks to record; the grain adds the time and the chain.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditRecord(
    [property: Id(0)] string Caller,
    [property: Id(1)] string Role,
    [property: Id(2)] string Method,
    [property: Id(3)] string Target,
    [property: Id(4)] string Outcome,
    [property: Id(5)] string? Reason = null);

/// <summary>The result of checking the chain.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditCheck(
    [property: Id(0)] bool Intact,
    [property: Id(1)] int DaysChecked,
    [property: Id(2)] long EntriesChecked,
    [property: Id(3)] string? BrokenFile = null,
    [property: Id(4)] long BrokenLine = 0,
    [property: Id(5)] string? Problem = null);
