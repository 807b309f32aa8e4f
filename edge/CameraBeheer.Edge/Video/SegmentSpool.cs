namespace CameraBeheer.Edge.Video;

/// <summary>
/// The local spool of recorded segments: <c>{spool}/{camera}/</c>. ffmpeg writes <c>rec-….mp4</c>; once a segment is
/// finished the recorder renames it to <c>{start}_{end}.mp4</c> (UTC, milliseconds), so a finished segment is recognised,
/// and its times known, after a restart of the agent too.
/// </summary>
public static class SegmentSpool
{
    /// <summary>The name ffmpeg writes a segment under while it records it; such a file after a crash is incomplete.</summary>
    public const string RecordingPrefix = "rec-";

    private const string TimeFormat = "yyyyMMdd'T'HHmmss.fff'Z'";

    /// <summary>The folder of one camera's segments.</summary>
    public static string CameraDirectory(string spoolRoot, string camera) => Path.Combine(spoolRoot, camera);

    /// <summary>The file name of a finished segment: <c>20261122T100000.000Z_20261122T100010.000Z.mp4</c>.</summary>
    public static string FinishedFileName(DateTimeOffset start, DateTimeOffset end) =>
        $"{start.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}_{end.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}.mp4";

    /// <summary>Reads start and end back from a finished segment's file name; false for any other file.</summary>
    public static bool TryParseFinished(string path, out DateTimeOffset start, out DateTimeOffset end)
    {
        start = end = default;
        var name = Path.GetFileName(path);
        if (!name.EndsWith(".mp4", StringComparison.Ordinal)) return false;
        var parts = name[..^4].Split('_');
        return parts.Length == 2
            && DateTimeOffset.TryParseExact(parts[0], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out start)
            && DateTimeOffset.TryParseExact(parts[1], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out end)
            && end > start;
    }

    /// <summary>The finished segments of <paramref name="camera"/> still in the spool (not yet uploaded), oldest first.</summary>
    public static IReadOnlyList<FinishedSegment> ListFinished(string spoolRoot, string camera)
    {
        var directory = CameraDirectory(spoolRoot, camera);
        if (!Directory.Exists(directory)) return [];
        var segments = new List<FinishedSegment>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.mp4"))
        {
            if (TryParseFinished(file, out var start, out var end)) segments.Add(new FinishedSegment(camera, start, end, file));
        }
        segments.Sort((a, b) => a.Start.CompareTo(b.Start));
        return segments;
    }

    /// <summary>Removes segments ffmpeg never finished (the agent or ffmpeg was killed): an mp4 without its index cannot be played.</summary>
    internal static int DeleteUnfinished(string directory)
    {
        if (!Directory.Exists(directory)) return 0;
        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(directory, RecordingPrefix + "*.mp4"))
        {
            try
            {
                File.Delete(file);
                deleted++;
            }
            catch (IOException)
            {
                // Still open by an ffmpeg that has not quite exited; the next start removes it.
            }
        }
        return deleted;
    }

    /// <summary>Deletes a file of <paramref name="camera"/>'s folder; one that cannot be deleted is logged and left.</summary>
    internal static void TryDelete(string path, string camera, ILogger logger)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Camera {Camera}: could not remove {File}: {Message}", camera, path, e.Message);
        }
    }
}
