namespace CameraBeheer.Edge.Video;

/// <summary>One ffmpeg run of a <see cref="SegmentRecorder"/>: written by the segment-list reader, read by the stall watchdog.</summary>
internal sealed class RecordingRun(DateTimeOffset started)
{
    private long _lastProgressTicks = started.UtcTicks;
    private int _segments;

    /// <summary>When this run's ffmpeg was started: no segment of the run can begin earlier.</summary>
    public DateTimeOffset Started { get; } = started;

    /// <summary>The wall-clock time of the stream clock's zero; null until the first segment finished.</summary>
    public DateTimeOffset? Anchor { get; set; }

    public DateTimeOffset LastProgress
    {
        get => new(Volatile.Read(ref _lastProgressTicks), TimeSpan.Zero);
        set => Volatile.Write(ref _lastProgressTicks, value.UtcTicks);
    }

    public int Segments => Volatile.Read(ref _segments);

    public string? StallReason { get; set; }

    public void CountSegment() => Interlocked.Increment(ref _segments);
}

/// <summary>How a recording run ended: the segments it finished and why it ended, in words.</summary>
/// <param name="Started">False when ffmpeg was not started because the footage disk refused footage.</param>
internal readonly record struct RecordingOutcome(int Segments, string Reason, bool Started = true);
