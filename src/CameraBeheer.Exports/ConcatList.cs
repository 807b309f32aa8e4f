using System.Globalization;
using System.Text;

namespace CameraBeheer.Exports;

/// <summary>One entry of an ffconcat list: a local segment file and the directives that cut and place it.</summary>
/// <param name="InPoint">Where to start in the file (a key frame's time, in the file's own timestamps).</param>
/// <param name="OutPoint">Where to stop in the file (packets from here on are dropped).</param>
/// <param name="Duration">How much of the output timeline the file takes from its in point: the time until the next
/// segment starts by the wall clock, so that a hole in the footage stays a hole in time instead of being closed up.</param>
internal sealed record ConcatEntry(string FileName, TimeSpan? InPoint, TimeSpan? OutPoint, TimeSpan? Duration);

/// <summary>Writes the list ffmpeg's concat demuxer reads (<c>ffconcat version 1.0</c>).</summary>
internal static class ConcatList
{
    /// <summary>The list's text. File names are relative to the list's folder and plain (<c>seg-000001.mp4</c>), so the
    /// demuxer's "safe" mode accepts them and no quoting can go wrong.</summary>
    public static string Write(IEnumerable<ConcatEntry> entries)
    {
        var text = new StringBuilder("ffconcat version 1.0\n");
        foreach (var entry in entries)
        {
            if (entry.FileName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')))
                throw new ArgumentException($"'{entry.FileName}' is not a plain local segment name");
            text.Append("file ").Append(entry.FileName).Append('\n');
            if (entry.InPoint is { } inPoint) text.Append("inpoint ").Append(Seconds(inPoint)).Append('\n');
            if (entry.OutPoint is { } outPoint) text.Append("outpoint ").Append(Seconds(outPoint)).Append('\n');
            if (entry.Duration is { } duration) text.Append("duration ").Append(Seconds(duration)).Append('\n');
        }
        return text.ToString();
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture);
}
