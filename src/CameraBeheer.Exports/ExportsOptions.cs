namespace CameraBeheer.Exports;

/// <summary>Settings of the footage export, section <c>Exports</c>.</summary>
public sealed class ExportsOptions
{
    /// <summary>Where an export assembles its files before they go to the store; default <c>{data}/tmp/exports</c>.
    /// With the local-disk store keep it on the store's file system: the segments are then read where they lie and the
    /// finished videos are renamed into the store instead of copied, so it needs room for the package only. With
    /// another store it needs room for one camera's source segments plus the whole package (about twice the largest
    /// camera's footage in the window, plus the other cameras' videos).</summary>
    public string TempDirectory { get; set; } = "";

    /// <summary>The longest a footage segment can be. A segment that starts this long before the window may still cover
    /// its start, so the search begins that much earlier. Default 2 minutes.</summary>
    public TimeSpan MaxSegmentLength { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The folder with <c>ffmpeg</c> and <c>ffprobe</c>; empty: found on <c>PATH</c>.</summary>
    public string? FfmpegBinaryFolder { get; set; }

    /// <summary>A PEM ECDSA P-256 private key to sign packages with; empty: <c>{data}/keys/export-signing-key.pem</c>,
    /// created on first start.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>Whether the MP4's index goes to the front (<c>-movflags +faststart</c>), so players start before the
    /// whole file is there; costs ffmpeg a second pass over the file.</summary>
    public bool FastStart { get; set; } = true;
}
