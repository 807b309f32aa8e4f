namespace CameraBeheer.Domain.WatchWindows;

/// <summary>Turns window boundaries in local time into UTC instants, with a deliberate rule for the daylight saving changes.</summary>
/// <remarks>
/// The rule, for every boundary of every window:
/// <list type="bullet">
/// <item>A local time in the spring-forward gap does not exist (Europe/Amsterdam: 02:00–03:00 on the last Sunday of March).
/// A start or end there moves to the first instant after the gap, 03:00 CEST. A window lying wholly inside the gap
/// does not happen that day.</item>
/// <item>A local time in the autumn overlap happens twice (02:00–03:00 on the last Sunday of October). A start takes
/// the first time (CEST), an end the second (CET). So a window that touches the repeated hour is one unbroken
/// stretch covering the hour both times. If there's doubt, the window stays open longer rather than shorter.</item>
/// </list>
/// Boundaries outside those hours read the local time with the offset in force then, so a night window of 23:00–06:00
/// lasts 6 hours on the spring night and 8 on the autumn night.
/// </remarks>
internal sealed class LocalBoundaries(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public DateTimeOffset StartAt(DateOnly date, TimeOnly time) => ToUtc(date.ToDateTime(time), firstOfTwo: true);

    public DateTimeOffset EndAt(DateOnly date, TimeOnly time) => ToUtc(date.ToDateTime(time), firstOfTwo: false);

    private DateTimeOffset ToUtc(DateTime local, bool firstOfTwo)
    {
        if (Zone.IsInvalidTime(local))
            return EndOfGap(local);
        var offset = Zone.IsAmbiguousTime(local) ? AmbiguousOffset(local, firstOfTwo) : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    // The first of two readings of a repeated local time is the one with the larger UTC offset (still summer time).
    private TimeSpan AmbiguousOffset(DateTime local, bool first)
    {
        var offsets = Zone.GetAmbiguousTimeOffsets(local);
        return first ? offsets.Max() : offsets.Min();
    }

    // The gap ends at the moment the clocks jump. Reading the missing local time with the offset after the jump gives an
    // instant before that moment, reading it with the offset before the jump one after it; bisecting between the two
    // finds the moment without depending on how the platform stores the zone's rules.
    private DateTimeOffset EndOfGap(DateTime local)
    {
        var offsetBefore = Zone.GetUtcOffset(local.AddDays(-1));
        var offsetAfter = Zone.GetUtcOffset(local.AddDays(1));
        var beforeJump = new DateTimeOffset(local, offsetAfter).UtcTicks;
        var afterJump = new DateTimeOffset(local, offsetBefore).UtcTicks;
        while (afterJump - beforeJump > 1)
        {
            var middle = beforeJump + (afterJump - beforeJump) / 2;
            if (Zone.GetUtcOffset(new DateTimeOffset(middle, TimeSpan.Zero)) == offsetAfter)
                afterJump = middle;
            else
                beforeJump = middle;
        }
        return new DateTimeOffset(afterJump, TimeSpan.Zero);
    }
}
