namespace CameraBeheer.Edge.Video;

/// <summary>How a <see cref="SegmentRecorder"/> records: where, how long a segment is, how it restarts and stops.</summary>
public sealed class SegmentRecorderOptions
{
    /// <summary>The local spool; each camera records into <c>{SpoolDirectory}/{camera}/</c>.</summary>
    public string SpoolDirectory { get; set; } = "spool";

    /// <summary>The length of a segment. ffmpeg cuts at the first key frame after it, so a segment is this long plus at most one GOP.</summary>
    public TimeSpan SegmentDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first wait before restarting a failed ffmpeg; doubles on every further failure.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between restarts.</summary>
    public TimeSpan MaximumBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long ffmpeg may take to close its last segment after <c>q</c> before it is killed.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>ffmpeg that finishes no segment for this long is taken to be stuck and restarted; default three segments and 10 s for connecting.</summary>
    public TimeSpan? StallTimeout { get; set; }

    /// <summary>
    /// How far a segment's time, derived from the stream clock, may run from the wall clock before the recorder
    /// re-anchors it: a camera's clock drifts from ours over days, and the footage index must tell the time.
    /// </summary>
    public TimeSpan MaximumClockDrift { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Announce finished segments left in the spool by an earlier run (not yet uploaded) before recording.</summary>
    public bool AnnounceLeftoversOnStart { get; set; } = true;

    internal TimeSpan EffectiveStallTimeout => StallTimeout ?? SegmentDuration * 3 + TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(SpoolDirectory)) throw new ArgumentException("the recorder needs a spool directory (SpoolDirectory)");
        if (SegmentDuration < TimeSpan.FromSeconds(1)) throw new ArgumentException($"a segment must last at least 1 second, not {SegmentDuration.TotalSeconds} s (SegmentDuration)");
        if (InitialBackoff <= TimeSpan.Zero || MaximumBackoff < InitialBackoff) throw new ArgumentException("the restart backoff needs 0 < InitialBackoff <= MaximumBackoff");
        if (StopTimeout <= TimeSpan.Zero) throw new ArgumentException("StopTimeout must be positive");
    }
}
