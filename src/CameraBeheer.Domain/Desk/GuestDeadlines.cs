namespace CameraBeheer.Domain.Desk;

/// <summary>When a guest on site becomes overdue: at the expected leave time, and at the night cut-off (local time).</summary>
public static class GuestDeadlines
{
    /// <summary>The longest visit a check-in may announce: a visit is part of one day, not a stay.</summary>
    public static readonly TimeSpan LongestVisit = TimeSpan.FromHours(16);

    /// <summary>
    /// The first night cut-off strictly after <paramref name="checkedIn"/>. A guest checked in after the cut-off is not
    /// overdue at once: staff let them in knowingly; the next cut-off applies.
    /// </summary>
    public static DateTimeOffset NightCutoffAfter(DateTimeOffset checkedIn, TimeOnly cutoff, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(checkedIn, zone).DateTime);
        for (var day = date; ; day = day.AddDays(1))
        {
            var local = day.ToDateTime(cutoff);
            // A cut-off in the spring-forward gap counts from the end of the gap; in the repeated hour, the first reading.
            while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
            var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
            var instant = new DateTimeOffset(local, offset).ToUniversalTime();
            if (instant > checkedIn) return instant;
        }
    }

    /// <summary>Checks an announced leave time against the check-in: after it, and within <see cref="LongestVisit"/>.</summary>
    public static void CheckExpectedLeave(DateTimeOffset checkedIn, DateTimeOffset? expectedLeave)
    {
        if (expectedLeave is not { } leave) return;
        if (leave <= checkedIn)
            throw DeskException.Invalid("expected_leave", "expected_leave: is not after the check-in (now); give a time later today");
        if (leave - checkedIn > LongestVisit)
            throw DeskException.Invalid("expected_leave", $"expected_leave: a visit lasts at most {LongestVisit.TotalHours:0} hours");
    }
}
