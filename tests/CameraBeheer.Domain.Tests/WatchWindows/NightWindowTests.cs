using static CameraBeheer.Domain.Tests.WatchWindows.Instants;

namespace CameraBeheer.Domain.Tests.WatchWindows;

/// <summary>A window over midnight, like the night watch on the grounds (default 23:00–06:00), made in code.</summary>
public sealed class NightWindowTests
{
    private static readonly SchoolCalendar Weekdays = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], [], []);

    private static readonly WatchWindow Night = new(
        "night", "Nacht: beweging op het terrein", new TimeOnly(23, 0), new TimeOnly(6, 0), WindowDays.On(Enum.GetValues<DayOfWeek>()));

    private static readonly WatchWindowCalendar Calendar = new([Night], Weekdays, "Europe/Amsterdam");

    [Fact]
    public void A_window_ending_before_it_starts_crosses_midnight()
    {
        Assert.True(Night.CrossesMidnight);
    }

    [Fact]
    public void The_night_window_holds_from_2300_until_just_before_0600_the_next_morning()
    {
        Assert.False(Calendar.IsActive("night", Local(2026, 11, 16, 22, 59, 59)));
        Assert.True(Calendar.IsActive("night", Local(2026, 11, 16, 23, 30)));
        Assert.True(Calendar.IsActive("night", Local(2026, 11, 17, 0, 0)));
        Assert.True(Calendar.IsActive("night", Local(2026, 11, 17, 5, 59, 59)));
        Assert.False(Calendar.IsActive("night", Local(2026, 11, 17, 6, 0)));
    }

    [Fact]
    public void The_next_change_of_the_night_window_is_its_start_in_the_evening_and_its_end_the_next_morning()
    {
        Assert.Equal(
            new WindowTransition("night", WindowTransitionKind.Start, Local(2026, 11, 16, 23, 0)),
            Calendar.NextChange("night", Local(2026, 11, 16, 12, 0)));
        Assert.Equal(
            new WindowTransition("night", WindowTransitionKind.End, Local(2026, 11, 17, 6, 0)),
            Calendar.NextChange("night", Local(2026, 11, 16, 23, 30)));
        Assert.Equal(
            new WindowTransition("night", WindowTransitionKind.End, Local(2026, 11, 17, 6, 0)),
            Calendar.NextChange("night", Local(2026, 11, 17, 2, 0)));
    }

    [Fact]
    public void On_the_spring_forward_night_the_night_window_lasts_6_hours()
    {
        var occurrence = Calendar.CurrentOccurrence("night", Utc(2026, 3, 29, 1, 0));

        Assert.NotNull(occurrence);
        Assert.Equal(Utc(2026, 3, 28, 22, 0), occurrence.Start); // 23:00 CET
        Assert.Equal(Utc(2026, 3, 29, 4, 0), occurrence.End); // 06:00 CEST
        Assert.Equal(TimeSpan.FromHours(6), occurrence.Duration);
    }

    [Fact]
    public void On_the_fall_back_night_the_night_window_lasts_8_hours()
    {
        var occurrence = Calendar.CurrentOccurrence("night", Utc(2026, 10, 25, 1, 30)); // 02:30 CET, the second time round

        Assert.NotNull(occurrence);
        Assert.Equal(Utc(2026, 10, 24, 21, 0), occurrence.Start); // 23:00 CEST
        Assert.Equal(Utc(2026, 10, 25, 5, 0), occurrence.End); // 06:00 CET
        Assert.Equal(TimeSpan.FromHours(8), occurrence.Duration);
        Assert.True(Calendar.IsActive("night", Utc(2026, 10, 25, 4, 59, 59)));
        Assert.False(Calendar.IsActive("night", Utc(2026, 10, 25, 5, 0)));
    }

    [Fact]
    public void A_night_window_that_starts_on_one_of_its_days_runs_into_the_next_day_even_if_that_day_is_not_one_of_them()
    {
        var fridayNight = new WatchWindow("friday-night", "Vrijdagnacht", new TimeOnly(23, 0), new TimeOnly(6, 0), WindowDays.On(DayOfWeek.Friday));
        var calendar = new WatchWindowCalendar([fridayNight], Weekdays, "Europe/Amsterdam");

        Assert.True(calendar.IsActive("friday-night", Local(2026, 11, 20, 23, 30))); // Friday
        Assert.True(calendar.IsActive("friday-night", Local(2026, 11, 21, 5, 0))); // Saturday morning
        Assert.False(calendar.IsActive("friday-night", Local(2026, 11, 21, 23, 30))); // Saturday night
        Assert.False(calendar.IsActive("friday-night", Local(2026, 11, 20, 5, 0))); // Friday morning: Thursday's night
    }

    [Fact]
    public void A_night_window_on_school_days_starts_on_Friday_but_not_on_Saturday()
    {
        var schoolNight = new WatchWindow("school-night", "Schoolnacht", new TimeOnly(23, 0), new TimeOnly(6, 0), WindowDays.SchoolDays);
        var calendar = new WatchWindowCalendar([schoolNight], Weekdays, "Europe/Amsterdam");

        Assert.Equal(
            new WindowTransition("school-night", WindowTransitionKind.Start, Local(2026, 11, 23, 23, 0)), // Monday
            calendar.NextChange("school-night", Local(2026, 11, 21, 6, 0))); // Saturday, after Friday's night ended
    }

    [Fact]
    public void The_site_windows_and_a_night_window_made_in_code_can_share_one_calendar()
    {
        // The site file has its own "night" window since the alert rules; this one only starts on Friday and Saturday.
        var site = SiteConfigurationLoader.LoadFile(RepositoryFiles.DomusSiteFile);
        var weekendNight = new WatchWindow(
            "weekend-night", "Weekendnacht", new TimeOnly(22, 0), new TimeOnly(7, 0), WindowDays.On(DayOfWeek.Friday, DayOfWeek.Saturday));
        var calendar = new WatchWindowCalendar(site, [weekendNight]);

        Assert.Equal(["school-hours", "no-time-outs-morning", "no-time-outs-afternoon", "night", "weekend-night"], calendar.Windows.Select(w => w.Id));
        Assert.Equal(["night"], calendar.ActiveWindows(Local(2026, 11, 16, 23, 30)));
        Assert.Equal(["school-hours", "no-time-outs-morning"], calendar.ActiveWindows(Local(2026, 11, 16, 8, 0)));
    }
}
