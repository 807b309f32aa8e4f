namespace CameraBeheer.Edge.Video;

/// <summary>Where a camera's video comes from: an RTSP URL, or anything else ffmpeg reads (a file, another protocol).</summary>
/// <param name="Url">The source as ffmpeg takes it after <c>-i</c>.</param>
public sealed record VideoSource(string Url)
{
    /// <summary>Plays a file over and over, at its own frame rate (<c>-stream_loop -1 -re</c>): a simulated camera.</summary>
    public bool Loop { get; init; }

    /// <summary>Reads at the source's own frame rate (<c>-re</c>) instead of as fast as possible; implied by <see cref="Loop"/>.</summary>
    public bool Realtime { get; init; }

    /// <summary>How long to wait on a network source that stops answering before giving up (RTSP socket timeout).</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A simulated camera: <paramref name="file"/> played in a loop at its own pace.</summary>
    public static VideoSource LoopedFile(string file) => new(file) { Loop = true };

    /// <summary>True when the source is RTSP (RTSPS included).</summary>
    public bool IsRtsp => Url.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || Url.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when frames arrive at the pace of the wall clock (a camera, or a file read in real time), so stream time follows it.</summary>
    public bool IsLive => Loop || Realtime || Url.Contains("://", StringComparison.Ordinal) && !Url.StartsWith("file:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The ffmpeg options that go before <c>-i</c>, followed by <c>-i</c> and the URL.</summary>
    internal IEnumerable<string> InputArguments()
    {
        if (IsRtsp)
        {
            // TCP: no lost packets (and no smeared frames) on a busy network; the timeout turns a silent camera into an exit, and so into a restart.
            // ffmpeg 5 or later: in ffmpeg 4 the RTSP '-timeout' meant "listen for a camera to connect" (it was '-stimeout' then).
            yield return "-rtsp_transport";
            yield return "tcp";
            yield return "-timeout";
            yield return ((long)NetworkTimeout.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (Loop)
        {
            yield return "-stream_loop";
            yield return "-1";
        }
        if (Loop || Realtime) yield return "-re";
        yield return "-i";
        yield return Url;
    }

    /// <summary>The URL without credentials, for logs and messages.</summary>
    public override string ToString()
    {
        var schemeEnd = Url.IndexOf("://", StringComparison.Ordinal);
        var at = Url.IndexOf('@', StringComparison.Ordinal);
        return schemeEnd >= 0 && at > schemeEnd ? Url[..(schemeEnd + 3)] + "***@" + Url[(at + 1)..] : Url;
    }
}
