using static CameraBeheer.Domain.Tests.WatchWindows.Instants;

namespace CameraBeheer.Domain.Tests.WatchWindows;

/// <summary>What the calendar refuses, and what it answers when a window never comes.</summary>
public sealed class WatchWindowCalendarContractTests
{
    private static readonly SchoolCalendar Weekdays = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], [], []);

    [Fact]
    public void A_window_that_starts_and_ends_at_the_same_time_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new WatchWindow("w", "test", new TimeOnly(8, 0), new TimeOnly(8, 0), WindowDays.SchoolDays));

        Assert.Contains("'w'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_windows_with_the_same_id_are_refused()
    {
        var site = SiteConfigurationLoader.LoadFile(RepositoryFiles.DomusSiteFile);
        var again = new WatchWindow("school-hours", "again", new TimeOnly(23, 0), new TimeOnly(6, 0), WindowDays.SchoolDays);

        var error = Assert.Throws<ArgumentException>(() => new WatchWindowCalendar(site, [again]));

        Assert.Contains("'school-hours'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_on_no_days_never_changes()
    {
        var never = new WatchWindow("never", "never", new TimeOnly(8, 0), new TimeOnly(9, 0), WindowDays.On());
        var calendar = new WatchWindowCalendar([never], Weekdays, "Europe/Amsterdam");

        Assert.Null(calendar.NextChange("never", Utc(2026, 11, 16, 0, 0)));
        Assert.False(calendar.IsActive("never", Local(2026, 11, 16, 8, 30)));
    }

    [Fact]
    public void The_next_change_is_found_only_within_the_search_horizon()
    {
        var allYearHoliday = new SchoolCalendar(
            Weekdays.SchoolDays, [new SchoolHoliday("lang", new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31))], []);
        var window = new WatchWindow("w", "test", new TimeOnly(8, 0), new TimeOnly(9, 0), WindowDays.SchoolDays);
        var calendar = new WatchWindowCalendar([window], allYearHoliday, "Europe/Amsterdam");

        Assert.Null(calendar.NextChange("w", Utc(2026, 1, 1, 0, 0)));
        Assert.Equal(
            new WindowTransition("w", WindowTransitionKind.Start, Local(2028, 1, 3, 8, 0)), // first Monday of 2028
            calendar.NextChange("w", Utc(2027, 6, 1, 0, 0)));
    }

    [Fact]
    public void A_window_from_the_site_file_keeps_its_id_name_times_and_days()
    {
        var config = new WatchWindowConfig("school-hours", "Schooltijden", new TimeOnly(8, 0), new TimeOnly(16, 30), WindowDays.SchoolDays);

        var window = WatchWindow.FromConfig(config);

        Assert.Equal(new WatchWindow("school-hours", "Schooltijden", new TimeOnly(8, 0), new TimeOnly(16, 30), WindowDays.SchoolDays), window);
        Assert.False(window.CrossesMidnight);
    }
}
