namespace CameraBeheer.Edge.Uploading;

/// <summary>A finished segment file the recorder hands over for upload (its <c>FinishedSegment</c>).</summary>
/// <param name="Path">The local file; the uploader moves it into its spool and deletes it once announced.</param>
public sealed record SegmentReady(string Camera, DateTimeOffset Start, DateTimeOffset End, string Path);

/// <summary>The names footage gets: in the blob store (the design's layout) and in the upload spool.</summary>
public static class FootageNames
{
    /// <summary><c>footage/{site}/{camera}/{yyyy}/{MM}/{dd}/{HH}/{start:yyyyMMddTHHmmssZ}.mp4</c>, all in UTC.</summary>
    public static string BlobName(string site, string camera, DateTimeOffset start) => Storage.Retention.FootageLayout.BlobName(site, camera, start);

    /// <summary>The spool file of a segment: <c>{camera}/{start}_{end}.mp4</c> with times as <c>yyyyMMddTHHmmssfffZ</c>.
    /// The name carries all the uploader needs, so the spool itself is the uploader's journal.</summary>
    public static string SpoolFileName(DateTimeOffset start, DateTimeOffset end) =>
        $"{Stamp(start)}_{Stamp(end)}.mp4";

    /// <summary>Reads back a spool file name; false for anything else.</summary>
    public static bool TryParseSpoolFileName(string fileName, out DateTimeOffset start, out DateTimeOffset end)
    {
        start = end = default;
        if (!fileName.EndsWith(".mp4", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = fileName[..^4].Split('_');
        return parts.Length == 2 && TryStamp(parts[0], out start) && TryStamp(parts[1], out end);
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);

    private static bool TryStamp(string text, out DateTimeOffset value)
    {
        var ok = DateTime.TryParseExact(text, "yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc);
        value = ok ? new DateTimeOffset(utc, TimeSpan.Zero) : default;
        return ok;
    }
}
