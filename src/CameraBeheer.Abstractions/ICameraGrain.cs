namespace CameraBeheer.Abstractions;

/// <summary>
/// One camera of a site (key <c>{site}/{camera}</c>): the single writer of its event log. It recognises redelivered
/// events, appends the new ones, and keeps its status, motion per region and segment index.
/// </summary>
public interface ICameraGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes a batch of events in arrival order. Returns, per event, whether it was new; new events are durably in the
    /// event log when the task completes, repeated ones (same id, already in the log) had no effect.
    /// </summary>
    Task<ImmutableArray<bool>> AcceptAsync(ImmutableArray<CameraEvent> events);

    /// <summary>Records one motion event; false when it was already recorded (a redelivery).</summary>
    Task<bool> RecordMotionAsync(MotionObservation motion);

    /// <summary>Records an online/offline status report of the edge.</summary>
    Task RecordStatusAsync(StatusObservation status);

    /// <summary>
    /// The camera's edge agent went offline (or came back after being offline): the camera follows at once, as a status
    /// event in its log. False when the camera already was in that state.
    /// </summary>
    Task<bool> FollowEdgeAgentAsync(bool agentOnline, DateTimeOffset ts);

    Task<CameraSnapshot> GetSnapshotAsync();

    /// <summary>
    /// Where motion is active now and since when, and the dome's preset: what a zone rebuilds its active feeds from when
    /// it activates. Interleaves: a zone asks while the camera may be waiting on that very zone to take a change.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<CameraMotionNow> GetMotionNowAsync();

    /// <summary>The recorded segments whose hour bucket starts in [from, to), oldest first.</summary>
    Task<ImmutableArray<SegmentObservation>> GetSegmentsAsync(DateTimeOffset from, DateTimeOffset to);

    /// <summary>How much footage the segment index knows of since <paramref name="since"/> (for the retention report).</summary>
    Task<FootageSummary> GetFootageSummaryAsync(DateTimeOffset since);
}

/// <summary>Segments and bytes of a camera's footage, as reported by its segment events.</summary>
[GenerateSerializer, Immutable]
public sealed record FootageSummary(
    [property: Id(0)] long Segments,
    [property: Id(1)] long Bytes);

/// <summary>One validated event of a camera, of one of three kinds.</summary>
[GenerateSerializer, Immutable]
public sealed record CameraEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset Ts,
    [property: Id(2)] MotionObservation? Motion = null,
    [property: Id(3)] StatusObservation? Status = null,
    [property: Id(4)] SegmentObservation? Segment = null)
{
    public static CameraEvent Of(MotionObservation motion) => new(motion.Id, motion.Ts, Motion: motion);

    /// <summary>Status reports carry no id in the contract; their time is their identity (a retained report comes back on every subscription).</summary>
    public static CameraEvent Of(StatusObservation status) => new($"status-{status.Ts.UtcTicks}", status.Ts, Status: status);

    public static CameraEvent Of(SegmentObservation segment) => new(segment.Id, segment.Start, Segment: segment);
}

/// <summary>The phase of a motion event: it starts, goes on (updates at most once a second), ends.</summary>
public enum MotionPhase
{
    Start,
    Update,
    End,
}

/// <summary>A validated motion event of contract v1.</summary>
[GenerateSerializer, Immutable]
public sealed record MotionObservation(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset Ts,
    [property: Id(2)] MotionPhase Phase,
    [property: Id(3)] string? Region,
    [property: Id(4)] int? Preset,
    [property: Id(5)] double Score);

/// <summary>A validated status event of contract v1.</summary>
[GenerateSerializer, Immutable]
public sealed record StatusObservation(
    [property: Id(0)] bool Online,
    [property: Id(1)] DateTimeOffset Ts);

/// <summary>A recorded segment of footage, uploaded by the edge to the blob store.</summary>
[GenerateSerializer, Immutable]
public sealed record SegmentObservation(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset Start,
    [property: Id(2)] DateTimeOffset End,
    [property: Id(3)] string Object,
    [property: Id(4)] long Bytes,
    [property: Id(5)] string Sha256);

/// <summary>What a camera grain tells a reader.</summary>
[GenerateSerializer, Immutable]
public sealed record CameraSnapshot(
    [property: Id(0)] string Site,
    [property: Id(1)] string Camera,
    [property: Id(2)] CameraStatus Status,
    [property: Id(3)] DateTimeOffset? LastSeen,
    [property: Id(4)] DateTimeOffset? LastMotion,
    [property: Id(5)] string? LastMotionRegion,
    [property: Id(6)] IReadOnlyList<RegionMotionSnapshot> Regions,
    [property: Id(7)] long EventsReceived,
    [property: Id(8)] int? CurrentPreset = null);

/// <summary>Motion in one region of a camera's view.</summary>
[GenerateSerializer, Immutable]
public sealed record RegionMotionSnapshot(
    [property: Id(0)] string Region,
    [property: Id(1)] bool Active,
    [property: Id(2)] DateTimeOffset LastMotion,
    [property: Id(3)] double LastScore);

/// <summary>The regions of a camera with motion now (null: the whole view), each with the time its motion started.</summary>
[GenerateSerializer, Immutable]
public sealed record CameraMotionNow(
    [property: Id(0)] int? Preset,
    [property: Id(1)] ImmutableArray<ActiveRegion> Active);

/// <summary>A region with motion since <see cref="Since"/> (the start event's time).</summary>
[GenerateSerializer, Immutable]
public sealed record ActiveRegion(
    [property: Id(0)] string? Region,
    [property: Id(1)] DateTimeOffset Since);

/// <summary>Whether the edge agent of a camera reports it online.</summary>
public enum CameraStatus
{
    Unknown,
    Online,
    Offline,
}
