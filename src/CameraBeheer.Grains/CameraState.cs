namespace CameraBeheer.Grains;

/// <summary>The durable state of a camera grain.</summary>
[GenerateSerializer]
public sealed class CameraState
{
    [Id(0)] public bool? Online { get; set; }
    [Id(1)] public DateTimeOffset? LastSeen { get; set; }
    [Id(2)] public DateTimeOffset? LastStatusTs { get; set; }
    [Id(3)] public Dictionary<string, RegionMotionState> Regions { get; set; } = new(StringComparer.Ordinal);
    [Id(4)] public DateTimeOffset? LastMotion { get; set; }
    [Id(5)] public string? LastMotionRegion { get; set; }
    [Id(6)] public long EventsReceived { get; set; }

    /// <summary>The ids of the most recent events, oldest first: a redelivered event is recognised by its id.</summary>
    [Id(7)] public List<string> RecentEventIds { get; set; } = [];
}

/// <summary>Motion in one region, as last reported.</summary>
[GenerateSerializer]
public sealed class RegionMotionState
{
    [Id(0)] public bool Active { get; set; }
    [Id(1)] public DateTimeOffset LastMotion { get; set; }
    [Id(2)] public double LastScore { get; set; }
}
