using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Domain.WatchWindows;

/// <summary>Answers whether, and until when, a site's watch windows are active at a UTC instant.</summary>
/// <remarks>
/// Windows are written in the site's local time (Europe/Amsterdam) and follow its school calendar; every instant in
/// and out is UTC. Daylight saving (rule and reasons on <see cref="LocalBoundaries"/>): a boundary in the spring-forward
/// gap moves to the first instant after it; in the repeated autumn hour a start takes the first time round, an end the second.
/// Pure: no clock, no I/O; callers pass the instant they mean.
/// </remarks>
public sealed class WatchWindowCalendar
{
    /// <summary>How far <see cref="NextChange"/> looks ahead: a school year and a summer holiday, with room to spare.</summary>
    public const int SearchHorizonDays = 400;

    private readonly Dictionary<string, WatchWindow> _windowsById = new(StringComparer.Ordinal);
    private readonly SchoolCalendar _schoolCalendar;
    private readonly LocalBoundaries _local;

    /// <summary>The windows configured in the site file, in the site's time zone.</summary>
    public WatchWindowCalendar(SiteConfiguration site)
        : this(site, [])
    {
    }

    /// <summary>The site's configured windows plus windows made in code, such as a night window over midnight.</summary>
    public WatchWindowCalendar(SiteConfiguration site, IEnumerable<WatchWindow> extraWindows)
        : this(ConfiguredWindows(site).Concat(extraWindows), site.SchoolCalendar, site.Site.TimeZone)
    {
    }

    /// <param name="timeZoneId">An IANA time zone name, e.g. Europe/Amsterdam.</param>
    public WatchWindowCalendar(IEnumerable<WatchWindow> windows, SchoolCalendar schoolCalendar, string timeZoneId)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(schoolCalendar);
        ArgumentException.ThrowIfNullOrEmpty(timeZoneId);
        var list = new List<WatchWindow>();
        foreach (var window in windows)
        {
            if (!_windowsById.TryAdd(window.Id, window))
                throw new ArgumentException($"watch window '{window.Id}' is given twice", nameof(windows));
            list.Add(window);
        }
        Windows = list.AsReadOnly();
        _schoolCalendar = schoolCalendar;
        _local = new LocalBoundaries(TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));
    }

    /// <summary>The windows in the order they were given (the site file's order first).</summary>
    public IReadOnlyList<WatchWindow> Windows { get; }

    public TimeZoneInfo TimeZone => _local.Zone;

    public WatchWindow this[string windowId] => Find(windowId);

    public bool IsActive(string windowId, DateTimeOffset instant) => IsActive(Find(windowId), instant);

    /// <summary>The ids of the windows active at <paramref name="instant"/>, in the order of <see cref="Windows"/>.</summary>
    public IReadOnlyList<string> ActiveWindows(DateTimeOffset instant) =>
        Windows.Where(window => IsActive(window, instant)).Select(window => window.Id).ToList();

    /// <summary>The stretch of <paramref name="windowId"/> that <paramref name="instant"/> falls in, or null when the window is not active then.</summary>
    /// <remarks>Use it to tell an operator until when a rule holds ("time-outs are not issued until 09:30").</remarks>
    public WindowOccurrence? CurrentOccurrence(string windowId, DateTimeOffset instant)
    {
        var window = Find(windowId);
        var date = _local.LocalDate(instant);
        // Three days either side: enough to join stretches that a daylight saving change made touch across midnight.
        return Joined(Occurrences(window, date.AddDays(-3), date.AddDays(3))).FirstOrDefault(o => o.Contains(instant));
    }

    /// <summary>The first start or end of <paramref name="windowId"/> strictly after <paramref name="after"/>, or null when there is none within <see cref="SearchHorizonDays"/> days.</summary>
    public WindowTransition? NextChange(string windowId, DateTimeOffset after)
    {
        var window = Find(windowId);
        var date = _local.LocalDate(after);
        // Starting a few days back catches the stretch already running at `after`, so its end is found.
        foreach (var occurrence in Joined(Occurrences(window, date.AddDays(-3), date.AddDays(SearchHorizonDays))))
        {
            if (occurrence.Start > after)
                return new WindowTransition(window.Id, WindowTransitionKind.Start, occurrence.Start);
            if (occurrence.End > after)
                return new WindowTransition(window.Id, WindowTransitionKind.End, occurrence.End);
        }
        return null;
    }

    // Called for every event, so it looks only at the stretches that could contain the instant: those starting on its
    // local date or the day before (over midnight), plus a day either side in case a zone moves its clocks at midnight.
    private bool IsActive(WatchWindow window, DateTimeOffset instant)
    {
        var date = _local.LocalDate(instant);
        return Occurrences(window, date.AddDays(-2), date.AddDays(1)).Any(o => o.Contains(instant));
    }

    /// <summary>The window's stretches starting on the local dates <paramref name="from"/> to <paramref name="to"/>, in order.</summary>
    private IEnumerable<WindowOccurrence> Occurrences(WatchWindow window, DateOnly from, DateOnly to)
    {
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            if (OccurrenceOn(window, date) is { } occurrence)
                yield return occurrence;
        }
    }

    private WindowOccurrence? OccurrenceOn(WatchWindow window, DateOnly date)
    {
        if (!window.Days.AppliesOn(date, _schoolCalendar))
            return null;
        var start = _local.StartAt(date, window.Start);
        var end = _local.EndAt(window.CrossesMidnight ? date.AddDays(1) : date, window.End);
        // Both boundaries inside the spring-forward gap collapse onto its end: the window does not happen that day.
        return start < end ? new WindowOccurrence(window.Id, start, end) : null;
    }

    // A daylight saving change can make one stretch end exactly when (or after) the next starts, e.g. a window over
    // midnight ending at 02:30 and starting at 02:45 on the night the clocks go back. The window never closes in
    // between, so such stretches are reported as one.
    private static IEnumerable<WindowOccurrence> Joined(IEnumerable<WindowOccurrence> occurrences)
    {
        WindowOccurrence? pending = null;
        foreach (var next in occurrences)
        {
            if (pending is null)
                pending = next;
            else if (next.Start <= pending.End)
                pending = pending with { End = next.End > pending.End ? next.End : pending.End };
            else
            {
                yield return pending;
                pending = next;
            }
        }
        if (pending is not null)
            yield return pending;
    }

    private WatchWindow Find(string windowId)
    {
        ArgumentNullException.ThrowIfNull(windowId);
        return _windowsById.TryGetValue(windowId, out var window)
            ? window
            : throw new ArgumentException(
                $"unknown watch window '{windowId}'; known windows: {string.Join(", ", Windows.Select(w => w.Id))}",
                nameof(windowId));
    }

    private static IEnumerable<WatchWindow> ConfiguredWindows(SiteConfiguration site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return site.WatchWindows.Select(WatchWindow.FromConfig);
    }
}
