namespace CameraBeheer.Abstractions;

/// <summary>The gate at an entrance (key <c>{site}/{gate}</c>): the single writer of its event log, and whether it stands open.</summary>
public interface IGateGrain : IGrainWithStringKey
{
    /// <summary>Takes a batch of gate events in arrival order; returns per event whether it was new (then durably logged).</summary>
    Task<ImmutableArray<bool>> AcceptAsync(ImmutableArray<GateObservation> events);

    Task<GateSnapshot> GetSnapshotAsync();

    /// <summary>
    /// The gate's edge agent went offline (or came back): the gate follows at once. False when it already was in that
    /// state. Any event from the gate also says it is online.
    /// </summary>
    Task<bool> FollowEdgeAgentAsync(bool agentOnline, DateTimeOffset at);
}

/// <summary>A validated gate event: opened, closed, forced, held-open, badge, intercom.</summary>
[GenerateSerializer, Immutable]
public sealed record GateObservation(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset Ts,
    [property: Id(2)] string Kind,
    [property: Id(3)] string? Badge);

[GenerateSerializer, Immutable]
public sealed record GateSnapshot(
    [property: Id(0)] string Gate,
    [property: Id(1)] bool Open,
    [property: Id(2)] string? LastKind,
    [property: Id(3)] DateTimeOffset? LastEvent,
    [property: Id(4)] long EventsReceived,
    [property: Id(5)] bool? Online = null);
