namespace CameraBeheer.Grains;

/// <summary>What the backend last saw of each edge agent of a site, by agent name.</summary>
[GenerateSerializer]
public sealed class EdgeLivenessState
{
    [Id(0)] public Dictionary<string, AgentLivenessState> Agents { get; set; } = [];
}

/// <summary>
/// One agent: its state and the figures alerts were last raised against (so a status seen again raises nothing).
/// <see cref="LastSeen"/> and the disk's free bytes change with every status; they are kept in memory and written with the next real change.
/// </summary>
[GenerateSerializer]
public sealed class AgentLivenessState
{
    [Id(0)] public bool? Online { get; set; }
    [Id(1)] public DateTimeOffset? LastSeen { get; set; }
    [Id(2)] public DateTimeOffset? Since { get; set; }
    [Id(3)] public DateTimeOffset? LastTs { get; set; }
    [Id(4)] public AgentDrops? Dropped { get; set; }
    [Id(5)] public AgentDisk? Disk { get; set; }
}
