namespace CameraBeheer.Abstractions;

/// <summary>One camera of a site (key <c>{site}/{camera}</c>): its status, its motion per region, and what it has seen.</summary>
public interface ICameraGrain : IGrainWithStringKey
{
    /// <summary>Records a motion event; false when the same event id was already recorded (a redelivery).</summary>
    Task<bool> RecordMotionAsync(MotionObservation motion);

    /// <summary>Records an online/offline status report of the edge.</summary>
    Task RecordStatusAsync(StatusObservation status);

    Task<CameraSnapshot> GetSnapshotAsync();
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
    [property: Id(7)] long EventsReceived);

/// <summary>Motion in one region of a camera's view.</summary>
[GenerateSerializer, Immutable]
public sealed record RegionMotionSnapshot(
    [property: Id(0)] string Region,
    [property: Id(1)] bool Active,
    [property: Id(2)] DateTimeOffset LastMotion,
    [property: Id(3)] double LastScore);

/// <summary>Whether the edge agent of a camera reports it online.</summary>
public enum CameraStatus
{
    Unknown,
    Online,
    Offline,
}
