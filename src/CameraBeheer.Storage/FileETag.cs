using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace CameraBeheer.Storage;

/// <summary>
/// The local-disk ETag: "{length:x}-{last write time in ticks:x}". It is read from file metadata alone, so Get, List,
/// Put, Append and Delete all compute it the same way without hashing content; every write stamps a last write time
/// strictly later than the one it replaces, so no write leaves the ETag unchanged.
/// </summary>
internal static class FileETag
{
    private static readonly long LargestStep = TimeSpan.FromSeconds(2).Ticks;

    public static string Of(long length, DateTime lastWriteUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{length:x}-{lastWriteUtc.Ticks:x}");

    public static string Of(FileInfo file) => Of(file.Length, file.LastWriteTimeUtc);

    /// <summary>
    /// Sets the last write time of an open file to max(now, previous + 1 tick) and returns what the file system kept.
    /// File systems coarser than 100 ns (FAT: 2 s) round the stamp down, so it is raised until it lands after
    /// <paramref name="previous"/>.
    /// </summary>
    public static DateTime StampLaterThan(SafeFileHandle file, DateTime? previous, DateTime nowUtc)
    {
        var floor = previous is { } p ? p.Ticks + 1 : 0;
        var candidate = Math.Max(nowUtc.Ticks, floor);
        var step = 10L; // 1 µs
        while (true)
        {
            File.SetLastWriteTimeUtc(file, new DateTime(candidate, DateTimeKind.Utc));
            var kept = File.GetLastWriteTimeUtc(file);
            if (previous is null || kept > previous)
            {
                return kept;
            }

            candidate = Math.Max(candidate, floor) + step;
            step = Math.Min(step * 10, LargestStep);
        }
    }
}
