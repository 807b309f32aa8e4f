using System.Globalization;
using System.Text.RegularExpressions;

namespace CameraBeheer.Cli.Input;

/// <summary>Points in time as operators type them for <c>--from</c> and <c>--to</c>.</summary>
internal static partial class TimeArgument
{
    public const string Forms =
        "RFC 3339 (2026-11-22T10:00:00Z or 2026-11-22T11:00:00+01:00), " +
        "local Amsterdam time (\"2026-11-22 10:00\"), or relative to now (-1h, -30m, +60d, now)";

    private static readonly string[] LocalFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    /// <param name="text">What the user typed.</param>
    /// <param name="option">The option's name, for messages.</param>
    /// <param name="now">The moment relative times count back from.</param>
    /// <param name="zone">The zone local times are read in (Europe/Amsterdam).</param>
    /// <param name="latestIfAmbiguous">
    /// For the hour that occurs twice when summer time ends: true takes the second occurrence, false the first.
    /// An interval's start takes the first and its end the second, so the window never shrinks.
    /// </param>
    public static DateTimeOffset Parse(string? text, string option, DateTimeOffset now, TimeZoneInfo zone, bool latestIfAmbiguous)
    {
        var value = (text ?? "").Trim();
        if (value.Equals("now", StringComparison.OrdinalIgnoreCase)) return now;
        if (value.StartsWith('-') && Durations.TryParse(value[1..], out var ago)) return now - ago;
        // Ahead of now: for the end of a legal hold (+60d).
        if (value.StartsWith('+') && Durations.TryParse(value[1..], out var ahead)) return now + ahead;
        if (WithOffset().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
            return exact.ToUniversalTime();
        if (DateTime.TryParseExact(value, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return FromLocal(local, zone, latestIfAmbiguous, option, value);
        throw new UsageException($"{option}: '{Output.Display.Clean(value)}' is not a time; use {Forms}");
    }

    private static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone, bool latestIfAmbiguous, string option, string text)
    {
        if (zone.IsInvalidTime(local))
            throw new UsageException($"{option}: {text} does not exist in {zone.Id} (the clocks skip that hour); give a time with an offset, e.g. ...T02:30:00+01:00");
        if (!zone.IsAmbiguousTime(local))
            return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();

        // The larger offset (summer time) is the earlier of the two instants.
        var offsets = zone.GetAmbiguousTimeOffsets(local);
        var offset = latestIfAmbiguous ? offsets.Min() : offsets.Max();
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?([Zz]|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex WithOffset();
}
