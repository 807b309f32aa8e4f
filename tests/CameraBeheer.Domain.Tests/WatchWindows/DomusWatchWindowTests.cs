using static CameraBeheer.Domain.Tests.WatchWindows.Instants;

namespace CameraBeheer.Domain.Tests.WatchWindows;

/// <summary>The watch windows and school calendar of the bundled Domus Almere Poort file, asked in UTC.</summary>
public sealed class DomusWatchWindowTests
{
    private const string SchoolHours = "school-hours";
    private const string NoTimeOutsMorning = "no-time-outs-morning";
    private const string NoTimeOutsAfternoon = "no-time-outs-afternoon";
    private const string Night = "night";

    private static readonly SiteConfiguration Site = SiteConfigurationLoader.LoadFile(RepositoryFiles.DomusSiteFile);
    private static readonly WatchWindowCalendar Calendar = new(Site);

    [Fact]
    public void The_calendar_reads_the_windows_of_the_site_file_in_Amsterdam_time()
    {
        Assert.Equal([SchoolHours, NoTimeOutsMorning, NoTimeOutsAfternoon, Night], Calendar.Windows.Select(w => w.Id));
        Assert.Equal("Europe/Amsterdam", Calendar.TimeZone.Id);
    }

    [Fact]
    public void School_hours_start_at_0800_local_inclusive_on_a_school_day()
    {
        Assert.True(Calendar.IsActive(SchoolHours, Local(2026, 11, 16, 8, 0))); // Monday
        Assert.False(Calendar.IsActive(SchoolHours, Local(2026, 11, 16, 7, 59, 59)));
    }

    [Fact]
    public void School_hours_end_at_1630_local_exclusive()
    {
        Assert.True(Calendar.IsActive(SchoolHours, Local(2026, 11, 16, 16, 29, 59)));
        Assert.False(Calendar.IsActive(SchoolHours, Local(2026, 11, 16, 16, 30)));
    }

    [Fact]
    public void School_hours_do_not_hold_on_a_Saturday()
    {
        Assert.False(Calendar.IsActive(SchoolHours, Local(2026, 11, 21, 10, 0)));
    }

    [Fact]
    public void School_hours_do_not_hold_on_a_weekday_in_the_Christmas_holiday()
    {
        Assert.False(Calendar.IsActive(SchoolHours, Local(2026, 12, 21, 10, 0))); // Monday, kerstvakantie
    }

    [Fact]
    public void School_hours_do_not_hold_on_an_exception_date()
    {
        var studyDay = new DateOnly(2026, 11, 18); // a Wednesday a school might take off
        var site = Site with { SchoolCalendar = Site.SchoolCalendar with { ExceptionDates = [studyDay] } };
        var calendar = new WatchWindowCalendar(site);

        Assert.False(calendar.IsActive(SchoolHours, Local(2026, 11, 18, 10, 0)));
        Assert.True(calendar.IsActive(SchoolHours, Local(2026, 11, 19, 10, 0)));
    }

    [Fact]
    public void The_morning_no_time_out_window_ends_at_0930_exclusive()
    {
        Assert.True(Calendar.IsActive(NoTimeOutsMorning, Local(2026, 11, 16, 9, 29, 59)));
        Assert.False(Calendar.IsActive(NoTimeOutsMorning, Local(2026, 11, 16, 9, 30)));
    }

    [Fact]
    public void The_afternoon_no_time_out_window_starts_at_1500_inclusive()
    {
        Assert.False(Calendar.IsActive(NoTimeOutsAfternoon, Local(2026, 11, 16, 14, 59, 59)));
        Assert.True(Calendar.IsActive(NoTimeOutsAfternoon, Local(2026, 11, 16, 15, 0)));
    }

    [Fact]
    public void Active_windows_lists_every_window_holding_at_the_instant_in_file_order()
    {
        Assert.Equal([SchoolHours, NoTimeOutsMorning], Calendar.ActiveWindows(Local(2026, 11, 16, 8, 15)));
        Assert.Equal([SchoolHours], Calendar.ActiveWindows(Local(2026, 11, 16, 12, 0)));
        Assert.Equal([SchoolHours, NoTimeOutsAfternoon], Calendar.ActiveWindows(Local(2026, 11, 16, 15, 30)));
        Assert.Empty(Calendar.ActiveWindows(Local(2026, 11, 16, 20, 0)));
    }

    [Fact]
    public void The_current_occurrence_says_from_when_until_when_time_outs_are_not_issued()
    {
        var occurrence = Calendar.CurrentOccurrence(NoTimeOutsMorning, Local(2026, 11, 16, 9, 0));

        Assert.Equal(new WindowOccurrence(NoTimeOutsMorning, Utc(2026, 11, 16, 7, 0), Utc(2026, 11, 16, 8, 30)), occurrence);
        Assert.Null(Calendar.CurrentOccurrence(NoTimeOutsMorning, Local(2026, 11, 16, 9, 30)));
    }

    [Theory]
    [InlineData(2026, 3, 29)] // spring forward
    [InlineData(2026, 10, 25)] // fall back
    public void No_window_holds_on_a_daylight_saving_Sunday_because_Sundays_are_not_school_days(int year, int month, int day)
    {
        Assert.Empty(Calendar.ActiveWindows(Local(year, month, day, 8, 15)));
        Assert.Empty(Calendar.ActiveWindows(Local(year, month, day, 15, 30)));
    }

    [Fact]
    public void After_spring_forward_school_hours_start_at_0800_CEST_which_is_0600_UTC()
    {
        AssertSchoolHoursStartAt(Utc(2026, 3, 30, 6, 0), nextChangeFrom: Utc(2026, 3, 29, 12, 0));
    }

    [Fact]
    public void After_fall_back_school_hours_start_at_0800_CET_which_is_0700_UTC()
    {
        AssertSchoolHoursStartAt(Utc(2026, 10, 26, 7, 0), nextChangeFrom: Utc(2026, 10, 25, 12, 0));
    }

    [Fact]
    public void From_Friday_evening_the_next_change_is_the_start_of_school_hours_on_Monday()
    {
        var next = Calendar.NextChange(SchoolHours, Local(2026, 11, 20, 17, 0)); // Friday

        Assert.Equal(new WindowTransition(SchoolHours, WindowTransitionKind.Start, Local(2026, 11, 23, 8, 0)), next);
    }

    [Fact]
    public void From_the_last_school_day_before_Christmas_the_next_change_is_the_first_school_day_after_it()
    {
        var next = Calendar.NextChange(SchoolHours, Local(2026, 12, 18, 17, 0)); // Friday before the kerstvakantie

        Assert.Equal(new WindowTransition(SchoolHours, WindowTransitionKind.Start, Utc(2027, 1, 4, 7, 0)), next);
    }

    [Fact]
    public void From_inside_a_window_the_next_change_is_its_end()
    {
        var next = Calendar.NextChange(NoTimeOutsMorning, Local(2026, 11, 16, 8, 45));

        Assert.Equal(new WindowTransition(NoTimeOutsMorning, WindowTransitionKind.End, Local(2026, 11, 16, 9, 30)), next);
    }

    [Fact]
    public void The_next_change_is_strictly_after_the_instant_asked_about()
    {
        var start = Local(2026, 11, 16, 8, 0);

        Assert.Equal(WindowTransitionKind.End, Calendar.NextChange(SchoolHours, start)!.Kind);
        Assert.Equal(Local(2026, 11, 16, 16, 30), Calendar.NextChange(SchoolHours, start)!.At);
    }

    [Fact]
    public void An_unknown_window_is_refused_naming_it_and_the_known_windows()
    {
        var error = Assert.Throws<ArgumentException>(() => Calendar.IsActive("school-hour", Local(2026, 11, 16, 9, 0)));

        Assert.Contains("'school-hour'", error.Message, StringComparison.Ordinal);
        Assert.Contains("school-hours, no-time-outs-morning, no-time-outs-afternoon", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Calendar.NextChange("weekend", Local(2026, 11, 16, 9, 0)));
        Assert.Throws<ArgumentException>(() => Calendar.CurrentOccurrence("weekend", Local(2026, 11, 16, 9, 0)));
    }

    [Fact]
    public void Answers_are_the_same_whatever_offset_the_instant_is_written_with()
    {
        var utc = Local(2026, 11, 16, 9, 0);
        var sameInstantInCet = utc.ToOffset(TimeSpan.FromHours(1));

        Assert.True(Calendar.IsActive(NoTimeOutsMorning, sameInstantInCet));
        Assert.Equal(TimeSpan.Zero, Calendar.NextChange(NoTimeOutsMorning, sameInstantInCet)!.At.Offset);
    }

    /// <summary>School hours start at <paramref name="start"/>, not a second before, and that start is the next change from <paramref name="nextChangeFrom"/>.</summary>
    private static void AssertSchoolHoursStartAt(DateTimeOffset start, DateTimeOffset nextChangeFrom)
    {
        Assert.False(Calendar.IsActive(SchoolHours, start.AddSeconds(-1)));
        Assert.True(Calendar.IsActive(SchoolHours, start));
        Assert.Equal(new WindowTransition(SchoolHours, WindowTransitionKind.Start, start), Calendar.NextChange(SchoolHours, nextChangeFrom));
    }
}
