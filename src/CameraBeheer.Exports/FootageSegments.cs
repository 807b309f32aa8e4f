using CameraBeheer.Storage;
using CameraBeheer.Storage.Retention;

namespace CameraBeheer.Exports;

/// <summary>A footage segment in the store: its blob, the start in its name, and its size.</summary>
internal sealed record SourceSegment(string Object, DateTimeOffset Start, long Bytes);

/// <summary>A segment fetched for the export: where it lies locally, the SHA-256 of the bytes read, and its length.</summary>
internal sealed record FetchedSegment(SourceSegment Source, string LocalPath, string Sha256, TimeSpan Duration)
{
    public DateTimeOffset Start => Source.Start;

    public DateTimeOffset End => Source.Start + Duration;
}

/// <summary>Finds a camera's segments for a window in the footage layout, by listing only the hour folders that can hold them.</summary>
internal static class FootageSegments
{
    /// <summary>
    /// The segments that may show [<paramref name="from"/>, <paramref name="to"/>): those starting in the window, and the
    /// last one starting before it (within <paramref name="maxSegmentLength"/>), which may still run into it. In start order.
    /// </summary>
    public static async Task<List<SourceSegment>> FindAsync(
        IBlobStore store, string site, string camera, DateTimeOffset from, DateTimeOffset to, TimeSpan maxSegmentLength, CancellationToken ct)
    {
        var earliest = from - maxSegmentLength;
        var found = new List<SourceSegment>();
        for (var hour = HourOf(earliest); hour < to; hour = hour.AddHours(1))
        {
            var folder = FolderOf(site, camera, hour);
            await foreach (var blob in store.ListAsync(folder, ct).ConfigureAwait(false))
            {
                // Only names the layout can date; anything else in the folder is not footage of ours.
                if (blob.Name.IndexOf('/', folder.Length) >= 0 || !FootageLayout.TrySegmentStart(blob.Name, out var start)) continue;
                if (FootageLayout.BlobName(site, camera, start) != blob.Name) continue;
                if (start >= earliest && start < to) found.Add(new SourceSegment(blob.Name, start, blob.Length));
            }
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        // Of the segments starting before the window only the last can reach into it, given the edge records without overlap.
        var lastBefore = found.FindLastIndex(s => s.Start <= from);
        if (lastBefore > 0) found.RemoveRange(0, lastBefore);
        return found;
    }

    /// <summary><c>footage/{site}/{camera}/{yyyy}/{MM}/{dd}/{HH}/</c>: the folder of the segments that start in that hour.</summary>
    private static string FolderOf(string site, string camera, DateTimeOffset hour)
    {
        var name = FootageLayout.BlobName(site, camera, hour);
        return name[..(name.LastIndexOf('/') + 1)];
    }

    private static DateTimeOffset HourOf(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
