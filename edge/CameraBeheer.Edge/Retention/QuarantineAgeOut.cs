using CameraBeheer.Edge.Uploading;

namespace CameraBeheer.Edge.Retention;

/// <summary>The four-week rule on the quarantine folder, where the uploader keeps a segment the blob store refused.</summary>
internal static class QuarantineAgeOut
{
    /// <summary>
    /// Deletes every quarantined file written before <paramref name="cutoff"/>. A segment's time is the end of its
    /// footage, from its name (<c>{start}_{end}.mp4</c>); a file with another name counts from its last write.
    /// </summary>
    public static List<AgedFile> Run(string folder, DateTimeOffset cutoff, Action<string, string> reportFailure)
    {
        List<AgedFile> deleted = [];
        if (!Directory.Exists(folder))
        {
            return deleted;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var info = new FileInfo(file);
            var written = FootageNames.TryParseSpoolFileName(info.Name, out _, out var end)
                ? end
                : new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
            if (written >= cutoff)
            {
                continue;
            }

            try
            {
                var bytes = info.Length;
                info.Delete();
                deleted.Add(new AgedFile(file, written, bytes));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                reportFailure(file, e.Message);
            }
        }

        return deleted;
    }
}

/// <summary>A file the four-week rule deleted: when it was written and its size.</summary>
internal sealed record AgedFile(string Path, DateTimeOffset Written, long Bytes);
