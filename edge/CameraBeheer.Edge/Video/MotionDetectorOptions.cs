namespace CameraBeheer.Edge.Video;

/// <summary>How motion is detected: the analysis frames, the thresholds and the timing of events.</summary>
public sealed class MotionDetectorOptions
{
    /// <summary>Width of the grayscale analysis frame in pixels.</summary>
    public int FrameWidth { get; set; } = 160;

    /// <summary>
    /// Height of the analysis frame. Fixed rather than derived from the aspect ratio, so the frame size is known before
    /// ffmpeg says anything; regions are in 0..1 coordinates, so a squeezed image changes nothing about them.
    /// </summary>
    public int FrameHeight { get; set; } = 120;

    /// <summary>Analysis frames per second (2 to 5 is plenty for people walking).</summary>
    public double FramesPerSecond { get; set; } = 4;

    /// <summary>A pixel has changed when its brightness differs by more than this (0..255) from the previous frame.</summary>
    public int PixelThreshold { get; set; } = 25;

    /// <summary>Motion starts when this fraction of a region's pixels changes (for at least <see cref="MinimumDuration"/>).</summary>
    public double StartScore { get; set; } = 0.02;

    /// <summary>Motion ends when fewer than this fraction of the region's pixels change (for at least <see cref="HoldTime"/>).</summary>
    public double EndScore { get; set; } = 0.01;

    /// <summary>How long the score must stay at or above <see cref="StartScore"/> before motion starts: a flicker is not motion.</summary>
    public TimeSpan MinimumDuration { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>How long the score must stay below <see cref="EndScore"/> before motion ends: a pause is not the end.</summary>
    public TimeSpan HoldTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The least time between two events of one region while motion lasts (contract: at most one update a second).</summary>
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After a dome turns to another preset the image moves as a whole; frames in this time are not analysed.</summary>
    public TimeSpan PresetSettleTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The first wait before restarting a failed ffmpeg; doubles on every further failure.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between restarts.</summary>
    public TimeSpan MaximumBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long ffmpeg may take to stop after <c>q</c> before it is killed.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// For a live source: how far the time computed from the frame count may run from the wall clock before it is
    /// re-anchored (a camera that drops frames or runs a slightly different clock).
    /// </summary>
    public TimeSpan MaximumClockDrift { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws <see cref="ArgumentException"/> saying which setting is wrong and why.</summary>
    public void Validate()
    {
        if (FrameWidth is < 8 or > 1920 || FrameHeight is < 8 or > 1080) throw new ArgumentException($"the analysis frame must be 8×8 to 1920×1080 pixels, not {FrameWidth}×{FrameHeight} (FrameWidth, FrameHeight)");
        if (!(FramesPerSecond is > 0 and <= 30)) throw new ArgumentException($"FramesPerSecond must be above 0 and at most 30, not {FramesPerSecond}");
        if (PixelThreshold is < 0 or > 254) throw new ArgumentException($"PixelThreshold must be 0 to 254, not {PixelThreshold}");
        if (!(StartScore is > 0 and <= 1)) throw new ArgumentException($"StartScore must be above 0 and at most 1, not {StartScore}");
        if (!(EndScore > 0 && EndScore <= StartScore)) throw new ArgumentException($"EndScore must be above 0 and at most StartScore ({StartScore}), not {EndScore}");
        if (MinimumDuration < TimeSpan.Zero || HoldTime < TimeSpan.Zero || PresetSettleTime < TimeSpan.Zero) throw new ArgumentException("MinimumDuration, HoldTime and PresetSettleTime cannot be negative");
        if (UpdateInterval < TimeSpan.FromSeconds(1)) throw new ArgumentException($"UpdateInterval must be at least 1 second (contract v1: at most one update a second), not {UpdateInterval.TotalSeconds} s");
        if (InitialBackoff <= TimeSpan.Zero || MaximumBackoff < InitialBackoff) throw new ArgumentException("the restart backoff needs 0 < InitialBackoff <= MaximumBackoff");
        if (StopTimeout <= TimeSpan.Zero) throw new ArgumentException("StopTimeout must be positive");
    }
}
