using System.Globalization;
using CameraBeheer.Domain.Sites;
using CameraBeheer.Domain.WatchWindows;

namespace CameraBeheer.Domain.Desk;

/// <summary>
/// When a resident's time-out may be given and for how long: at least an hour, back the same (local) day, and never
/// inside one of the site's no-time-out windows on the days they apply (school days: pupils arriving and leaving).
/// </summary>
/// <remarks>Pure: the caller passes the instant it means. Windows follow the site's time zone and school calendar, daylight saving included.</remarks>
public sealed class TimeOutRules
{
    /// <summary>The plan's definition: a resident leaves the premises for one hour or more.</summary>
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromHours(1);

    private readonly SiteConfiguration _site;
    private readonly WatchWindowCalendar _calendar;
    private readonly LocalBoundaries _local;

    public TimeOutRules(SiteConfiguration site)
    {
        ArgumentNullException.ThrowIfNull(site);
        _site = site;
        _calendar = new WatchWindowCalendar(site);
        _local = new LocalBoundaries(_calendar.TimeZone);
    }

    /// <summary>Null when a time-out may start at <paramref name="at"/>; otherwise the refusal naming the window and the next allowed time.</summary>
    public TimeOutRefusal? WindowRefusal(DateTimeOffset at)
    {
        foreach (var rule in _site.Desk.NoTimeOutWindows)
        {
            if (_calendar.CurrentOccurrence(rule.Window, at) is null) continue;
            var window = _site.FindWatchWindow(rule.Window)!;
            var next = NextAllowed(at);
            var message = $"no time-outs between {window.Start:HH\\:mm} and {window.End:HH\\:mm} ({rule.Reason}); next allowed at {LocalText(next, at)}";
            return new TimeOutRefusal(rule.Window, message, next);
        }
        return null;
    }

    /// <summary>The first instant at or after <paramref name="at"/> outside every no-time-out window (windows may follow each other).</summary>
    public DateTimeOffset NextAllowed(DateTimeOffset at)
    {
        var candidate = at;
        for (var step = 0; step < 100; step++)
        {
            var inside = _site.Desk.NoTimeOutWindows
                .Select(rule => _calendar.CurrentOccurrence(rule.Window, candidate))
                .FirstOrDefault(occurrence => occurrence is not null);
            if (inside is null) return candidate;
            candidate = inside.End;
        }
        return candidate;
    }

    /// <summary>The end of the local day the time-out starts on: it must be over by then.</summary>
    public DateTimeOffset EndOfDay(DateTimeOffset start) => _local.StartAt(_local.LocalDate(start).AddDays(1), TimeOnly.MinValue);

    /// <summary>Checks the expected duration: an hour or more, and back before the end of the local day.</summary>
    public void CheckDuration(DateTimeOffset start, TimeSpan expected)
    {
        if (expected < MinimumDuration)
            throw DeskException.Invalid("expected_minutes", $"expected_minutes: a time-out lasts an hour or more (the plan's definition); {(int)expected.TotalMinutes} minutes is shorter");
        var endOfDay = EndOfDay(start);
        if (start + expected > endOfDay)
        {
            var left = endOfDay - start;
            throw DeskException.Invalid("expected_minutes",
                $"expected_minutes: a time-out ends the same day; from {LocalText(start, start)} at most {(int)left.TotalMinutes} minutes are left until midnight");
        }
    }

    /// <summary>The local time of <paramref name="instant"/> (HH:mm), with the date when it falls on another local day than <paramref name="reference"/>.</summary>
    public string LocalText(DateTimeOffset instant, DateTimeOffset reference)
    {
        var local = TimeZoneInfo.ConvertTime(instant, _calendar.TimeZone);
        return _local.LocalDate(instant) == _local.LocalDate(reference)
            ? local.ToString("HH:mm", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }
}

/// <summary>A refused time-out: the window it fell in, the message for staff, and when one may be given.</summary>
public sealed record TimeOutRefusal(string Window, string Message, DateTimeOffset NextAllowed);
