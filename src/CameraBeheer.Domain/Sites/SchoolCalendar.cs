namespace CameraBeheer.Domain.Sites;

/// <summary>When the nearby schools are in session: their weekdays minus holidays and extra days off.</summary>
public sealed record SchoolCalendar(
    IReadOnlyList<DayOfWeek> SchoolDays,
    IReadOnlyList<SchoolHoliday> Holidays,
    IReadOnlyList<DateOnly> ExceptionDates)
{
    public bool IsSchoolDay(DateOnly date) =>
        SchoolDays.Contains(date.DayOfWeek)
        && !Holidays.Any(h => h.Contains(date))
        && !ExceptionDates.Contains(date);
}

/// <summary>A school holiday or public holiday, both dates inclusive.</summary>
public sealed record SchoolHoliday(string Name, DateOnly From, DateOnly To)
{
    public bool Contains(DateOnly date) => date >= From && date <= To;
}
