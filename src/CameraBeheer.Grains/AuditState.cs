namespace CameraBeheer.Grains;

/// <summary>
/// The durable head of each day's audit chain: how many entries and the hash of the last one. A line deleted at the
/// end of a file leaves the chain itself intact; the head is what notices it.
/// </summary>
[GenerateSerializer]
public sealed class AuditState
{
    /// <summary>Key: the UTC day, <c>yyyy-MM-dd</c>.</summary>
    [Id(0)] public Dictionary<string, AuditDayHead> Heads { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer]
public sealed class AuditDayHead
{
    [Id(0)] public long Count { get; set; }
    [Id(1)] public string LastHash { get; set; } = "";
}
