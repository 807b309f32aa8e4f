namespace CameraBeheer.Edge.Uploading;

/// <summary>A finished segment waiting in the upload spool: its camera, its times and its file.</summary>
internal sealed class SpooledSegment(string camera, DateTimeOffset start, DateTimeOffset end, string path, long bytes)
{
    /// <summary>Oldest first; one camera's segments in the order they were recorded.</summary>
    public static readonly IComparer<SpooledSegment> ByAge = Comparer<SpooledSegment>.Create((a, b) =>
    {
        var c = a.Start.CompareTo(b.Start);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.Camera, b.Camera);
        }

        return c == 0 ? a.End.CompareTo(b.End) : c;
    });

    public string Camera { get; } = camera;

    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset End { get; } = end;

    public string Path { get; } = path;

    public long Bytes { get; } = bytes;
}
