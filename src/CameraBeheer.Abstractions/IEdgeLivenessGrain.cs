namespace CameraBeheer.Abstractions;

/// <summary>
/// Whether a site's edge agents are alive (key: the site id), from their own status messages and MQTT wills. An agent
/// going offline takes its cameras offline at once and raises <c>edge-offline</c>; growing drop figures raise
/// <c>edge-dropped</c>, a disk refusing footage <c>edge-disk-full</c>. What it last saw of each agent is stored before it
/// answers, so a retained status seen again (a backend restart, a resubscription) raises nothing twice.
/// </summary>
public interface IEdgeLivenessGrain : IGrainWithStringKey
{
    /// <summary>Takes status reports in arrival order; their effects (cameras, alerts, state) are done when the task completes.</summary>
    Task ReportAsync(ImmutableArray<AgentStatusReport> reports);

    /// <summary>Every agent heard of, by name.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<ImmutableArray<AgentLiveness>> ListAsync();
}

/// <summary>One validated status message of an agent (<c>camerabeheer/edge/{site}/{agent}/status</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record AgentStatusReport(
    [property: Id(0)] string Agent,
    [property: Id(1)] bool Online,
    [property: Id(2)] DateTimeOffset Ts,
    [property: Id(3)] AgentDrops? Dropped = null,
    [property: Id(4)] AgentDisk? Disk = null);

/// <summary>What an agent dropped since it started (cumulative; a restarted agent starts again from zero).</summary>
[GenerateSerializer, Immutable]
public sealed record AgentDrops(
    [property: Id(0)] long FootageEvents,
    [property: Id(1)] long OtherEvents,
    [property: Id(2)] long SpoolFiles,
    [property: Id(3)] long SpoolBytes,
    [property: Id(4)] long Conflicts,
    [property: Id(5)] DateTimeOffset? Last,
    [property: Id(6)] string? LastWhat)
{
    public static AgentDrops None { get; } = new(0, 0, 0, 0, 0, null, null);
}

/// <summary>The disk an agent writes footage to, and whether it refuses new footage for lack of room.</summary>
[GenerateSerializer, Immutable]
public sealed record AgentDisk(
    [property: Id(0)] string Path,
    [property: Id(1)] long FreeBytes,
    [property: Id(2)] long MinimumFreeBytes,
    [property: Id(3)] bool RefusingFootage);

/// <summary>Whether an agent is online as far as the backend knows.</summary>
public enum AgentState
{
    Unknown,
    Online,
    Offline,
}

/// <summary>What the backend knows of one agent's liveness.</summary>
/// <param name="LastSeen">When the backend last heard a status of it (its own clock).</param>
/// <param name="Since">When the backend learned the current state.</param>
[GenerateSerializer, Immutable]
public sealed record AgentLiveness(
    [property: Id(0)] string Agent,
    [property: Id(1)] AgentState State,
    [property: Id(2)] DateTimeOffset? LastSeen,
    [property: Id(3)] DateTimeOffset? Since,
    [property: Id(4)] AgentDrops? Dropped,
    [property: Id(5)] AgentDisk? Disk);
