using System.Globalization;

namespace CameraBeheer.Storage.Retention;

/// <summary>
/// Reads the dated names of the storage layout strictly, so that retention only ever judges what it can date:
/// <c>{yyyy}/{MM}/{dd}/{HH}/</c> folders of exactly four and two digits that make a real date, and footage objects named
/// exactly <c>{start:yyyyMMddTHHmmssZ}.mp4</c>. Anything else (a <c>misc/</c> folder, <c>notes.txt</c>, a <c>.jpg</c>,
/// a <c>.mp4.part</c>, a day <c>00</c>) is not ours: it is skipped, never deleted, and never stops a walk.
/// </summary>
/// <remarks>
/// Fixed-width digits also make ordinal listing order the same as time order, which is what lets a walk stop at the
/// first folder that starts after the cutoff.
/// </remarks>
public static class FootageLayout
{
    private const string SegmentExtension = ".mp4";
    private const string StampFormat = "yyyyMMdd'T'HHmmss'Z'";
    private const int StampLength = 16; // 20261001T100000Z

    /// <summary><c>footage/{site}/{camera}/{yyyy}/{MM}/{dd}/{HH}/{start:yyyyMMddTHHmmssZ}.mp4</c>, all in UTC: what the edge
    /// uploads and what <see cref="TrySegmentStart"/> reads back.</summary>
    public static string BlobName(string site, string camera, DateTimeOffset start)
    {
        var t = start.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture,
            $"footage/{site}/{camera}/{t:yyyy}/{t:MM}/{t:dd}/{t:HH}/{t.ToString(StampFormat, CultureInfo.InvariantCulture)}{SegmentExtension}");
    }

    /// <summary>The last name of a folder prefix (<c>a/b/2026/</c> → <c>2026</c>) or of a blob name.</summary>
    public static string LastSegment(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    /// <summary>A folder named by exactly <paramref name="digits"/> decimal digits whose value lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static bool TryNumber(string folder, int digits, int min, int max, out int value)
    {
        var name = LastSegment(folder);
        value = 0;
        if (name.Length != digits)
            return false;
        foreach (var c in name)
        {
            if (c is < '0' or > '9')
                return false;
            value = (value * 10) + (c - '0');
        }
        return value >= min && value <= max;
    }

    public static bool TryYear(string folder, out int year) => TryNumber(folder, 4, 1, 9999, out year);

    public static bool TryMonth(string folder, out int month) => TryNumber(folder, 2, 1, 12, out month);

    public static bool TryDay(string folder, int year, int month, out int day) =>
        TryNumber(folder, 2, 1, DateTime.DaysInMonth(year, month), out day);

    public static bool TryHour(string folder, out int hour) => TryNumber(folder, 2, 0, 23, out hour);

    public static DateTimeOffset Start(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    /// <summary>The start of a footage object named exactly <c>{start:yyyyMMddTHHmmssZ}.mp4</c>; false for any other name.</summary>
    public static bool TrySegmentStart(string name, out DateTimeOffset start)
    {
        start = default;
        var file = LastSegment(name);
        if (file.Length != StampLength + SegmentExtension.Length || !file.EndsWith(SegmentExtension, StringComparison.Ordinal))
            return false;
        if (!DateTime.TryParseExact(file.AsSpan(0, StampLength), StampFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
            return false;
        start = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }
}
