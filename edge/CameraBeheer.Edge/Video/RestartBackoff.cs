namespace CameraBeheer.Edge.Video;

/// <summary>The wait before restarting ffmpeg: 1 s, doubling up to 30 s, back to the start once a run has worked.</summary>
public sealed class RestartBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _maximum;
    private TimeSpan _next;

    public RestartBackoff(TimeSpan initial, TimeSpan maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, initial);
        _initial = initial;
        _maximum = maximum;
        _next = initial;
    }

    /// <summary>The wait before the next restart; each call doubles the one after, up to the maximum.</summary>
    public TimeSpan Next()
    {
        var wait = _next;
        _next = _next * 2 > _maximum ? _maximum : _next * 2;
        return wait;
    }

    /// <summary>Back to the initial wait: the last run worked (a segment or a frame came through).</summary>
    public void Reset() => _next = _initial;
}
