namespace CameraBeheer.Grains;

/// <summary>
/// The checkpointed state of a camera grain. The event log is the record of what happened; this is what was derived from
/// it, saved every few seconds and on deactivation, with <see cref="AppliedLines"/> saying how far into each recent hour
/// bucket it goes, so an activation after a crash replays only what came after.
/// </summary>
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
    // Id 7 held the dedupe window of the first version; the event log took its place. Ids are never reused.
    [Id(8)] public Dictionary<string, int> AppliedLines { get; set; } = new(StringComparer.Ordinal);
    [Id(9)] public int? CurrentPreset { get; set; }

    /// <summary>The segment index: per UTC hour bucket (<c>yyyy-MM-ddTHH</c>), how many segments and bytes were recorded.</summary>
    [Id(10)] public SortedDictionary<string, SegmentBucket> Segments { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The motion transitions the zones have not taken yet, oldest first (the outbox of zone notifications). A transition
    /// is owed from the moment its event is in the log: a crash before the checkpoint replays the line and owes it again,
    /// a crash after it finds it here.
    /// </summary>
    [Id(11)] public List<OwedZoneChange> OwedZoneChanges { get; set; } = [];

    /// <summary>When the backend heard that the camera went offline (not the edge's time: its will carries when it connected); null while online.</summary>
    [Id(12)] public DateTimeOffset? OfflineSince { get; set; }

    /// <summary>The camera-offline rules that fired since <see cref="OfflineSince"/>: once per outage.</summary>
    [Id(13)] public HashSet<string> OfflineFired { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Camera-offline alerts the control room has not taken yet, saved with the mark that the rule fired.</summary>
    [Id(14)] public List<AlertSignal> OwedAlerts { get; set; } = [];
}

/// <summary>Motion in one region, as last reported.</summary>
[GenerateSerializer]
public sealed class RegionMotionState
{
    [Id(0)] public bool Active { get; set; }
    [Id(1)] public DateTimeOffset LastMotion { get; set; }
    [Id(2)] public double LastScore { get; set; }

    /// <summary>When the current stretch of motion started (the start event's time); null while inactive.</summary>
    [Id(3)] public DateTimeOffset? ActiveSince { get; set; }
}

/// <summary>The footage of one hour of a camera, as the segment events reported it.</summary>
[GenerateSerializer]
public sealed class SegmentBucket
{
    [Id(0)] public int Count { get; set; }
    [Id(1)] public long Bytes { get; set; }
    [Id(2)] public DateTimeOffset Earliest { get; set; }
    [Id(3)] public DateTimeOffset Latest { get; set; }
}
