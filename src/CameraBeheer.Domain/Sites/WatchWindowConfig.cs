namespace CameraBeheer.Domain.Sites;

/// <summary>A daily stretch of local time when a rule applies, e.g. school hours 08:00–16:30 on school days, or the night 23:00–06:00.</summary>
/// <remarks>
/// Start is before End on the same day, unless <see cref="Overnight"/>: then End is before Start and the window runs
/// until End on the next day. <see cref="Days"/> are the days the window starts on.
/// </remarks>
public sealed record WatchWindowConfig(string Id, string Name, TimeOnly Start, TimeOnly End, WindowDays Days, bool Overnight = false)
{
    /// <summary>True when the local date and time fall inside the window (start inclusive, end exclusive).</summary>
    public bool Contains(DateOnly localDate, TimeOnly localTime, SchoolCalendar calendar) =>
        Overnight
            ? (localTime >= Start && Days.AppliesOn(localDate, calendar)) || (localTime < End && Days.AppliesOn(localDate.AddDays(-1), calendar))
            : Days.AppliesOn(localDate, calendar) && localTime >= Start && localTime < End;
}

/// <summary>The days a watch window applies on: school days (weekdays outside school holidays), or fixed weekdays.</summary>
public sealed record WindowDays
{
    private WindowDays(bool schoolDays, IReadOnlyList<DayOfWeek> weekdays)
    {
        IsSchoolDays = schoolDays;
        Weekdays = weekdays;
    }

    /// <summary>The window follows the school calendar.</summary>
    public static WindowDays SchoolDays { get; } = new(true, []);

    /// <summary>True for <see cref="SchoolDays"/>; false when <see cref="Weekdays"/> lists the days.</summary>
    public bool IsSchoolDays { get; }

    /// <summary>The fixed weekdays, holidays or not; empty for <see cref="SchoolDays"/>.</summary>
    public IReadOnlyList<DayOfWeek> Weekdays { get; }

    public static WindowDays On(params IEnumerable<DayOfWeek> weekdays) => new(false, Array.AsReadOnly(weekdays.Distinct().ToArray()));

    public bool AppliesOn(DateOnly localDate, SchoolCalendar calendar) =>
        IsSchoolDays ? calendar.IsSchoolDay(localDate) : Weekdays.Contains(localDate.DayOfWeek);

    public override string ToString() => IsSchoolDays ? "school days" : string.Join(", ", Weekdays);
}
