namespace CameraBeheer.Edge.Video;

/// <summary>
/// ffmpeg's segment list as the recorder asks for it (<c>-segment_list pipe:1 -segment_list_type csv</c>): one line
/// <c>file,start,end</c> per segment, written once the segment's file is complete, with times on the stream clock.
/// </summary>
internal static class SegmentList
{
    /// <summary>Reads one line; false for anything but a recording file of this folder with two times.</summary>
    public static bool TryParseEntry(string line, out string name, out TimeSpan start, out TimeSpan end)
    {
        name = "";
        start = end = default;
        var lastComma = line.LastIndexOf(',');
        var firstComma = lastComma > 0 ? line.LastIndexOf(',', lastComma - 1) : -1;
        if (firstComma <= 0) return false;
        name = line[..firstComma];
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || !name.StartsWith(SegmentSpool.RecordingPrefix, StringComparison.Ordinal)) return false;
        if (!double.TryParse(line.AsSpan(firstComma + 1, lastComma - firstComma - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
            || !double.TryParse(line.AsSpan(lastComma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var e))
            return false;
        start = TimeSpan.FromSeconds(s);
        end = TimeSpan.FromSeconds(e);
        return true;
    }
}
