namespace CameraBeheer.Edge.Uploading;

/// <summary>Settings of <see cref="SegmentUploader"/>.</summary>
public sealed class SegmentUploaderOptions
{
    /// <summary>The site id of the footage names.</summary>
    public string Site { get; set; } = "";

    /// <summary>Where finished segments wait for upload, one subfolder per camera. Best on the recorder's file system,
    /// so that handing a segment over is a rename.</summary>
    public string SpoolFolder { get; set; } = "";

    /// <summary>Where a segment goes whose name the store already holds with different content (kept, never uploaded).</summary>
    public string QuarantineFolder { get; set; } = "";

    /// <summary>At most this many bytes wait in the spool; beyond it the oldest segments are dropped.</summary>
    public long MaxSpoolBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Uploads at a time, over different cameras.</summary>
    public int Concurrency { get; set; } = 2;

    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);
}
