using static CameraBeheer.Domain.Tests.WatchWindows.Instants;

namespace CameraBeheer.Domain.Tests.WatchWindows;

/// <summary>
/// The rule for window boundaries in the hour daylight saving time skips or repeats (Europe/Amsterdam, 2026):
/// a boundary in the spring gap moves to 03:00 CEST; in the autumn overlap a start takes the first 02:xx (CEST), an end the second (CET).
/// </summary>
public sealed class DaylightSavingBoundaryTests
{
    private static readonly SchoolCalendar NoSchool = new([], [], []);

    private static WatchWindowCalendar EveryDay(int startHour, int startMinute, int endHour, int endMinute) =>
        new(
            [new WatchWindow("w", "test", new TimeOnly(startHour, startMinute), new TimeOnly(endHour, endMinute), WindowDays.On(Enum.GetValues<DayOfWeek>()))],
            NoSchool,
            "Europe/Amsterdam");

    /// <summary>At <paramref name="at"/> the window "w" is in its occurrence from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static void AssertOccurrence(WatchWindowCalendar calendar, DateTimeOffset at, DateTimeOffset from, DateTimeOffset to) =>
        Assert.Equal(new WindowOccurrence("w", from, to), calendar.CurrentOccurrence("w", at));

    [Fact]
    public void A_start_in_the_spring_forward_gap_moves_to_0300_CEST()
    {
        var calendar = EveryDay(2, 30, 4, 0);

        Assert.False(calendar.IsActive("w", Utc(2026, 3, 29, 0, 59, 59)));
        Assert.True(calendar.IsActive("w", Utc(2026, 3, 29, 1, 0)));
        AssertOccurrence(calendar, at: Utc(2026, 3, 29, 1, 30), from: Utc(2026, 3, 29, 1, 0), to: Utc(2026, 3, 29, 2, 0));
    }

    [Fact]
    public void An_end_in_the_spring_forward_gap_moves_to_0300_CEST()
    {
        var calendar = EveryDay(1, 0, 2, 30);

        AssertOccurrence(calendar, at: Utc(2026, 3, 29, 0, 30), from: Utc(2026, 3, 29, 0, 0), to: Utc(2026, 3, 29, 1, 0)); // 01:00 CET to 03:00 CEST
    }

    [Fact]
    public void A_window_wholly_inside_the_spring_forward_gap_does_not_happen_that_day()
    {
        var calendar = EveryDay(2, 10, 2, 50);

        Assert.Null(calendar.CurrentOccurrence("w", Utc(2026, 3, 29, 1, 0)));
        Assert.Equal(
            new WindowTransition("w", WindowTransitionKind.Start, Utc(2026, 3, 30, 0, 10)), // Monday 02:10 CEST
            calendar.NextChange("w", Utc(2026, 3, 28, 12, 0)));
    }

    [Fact]
    public void A_start_in_the_repeated_autumn_hour_takes_the_first_time_round()
    {
        var calendar = EveryDay(2, 30, 5, 0);

        AssertOccurrence(calendar, at: Utc(2026, 10, 25, 0, 45), from: Utc(2026, 10, 25, 0, 30), to: Utc(2026, 10, 25, 4, 0)); // 02:30 CEST to 05:00 CET
    }

    [Fact]
    public void An_end_in_the_repeated_autumn_hour_takes_the_second_time_round()
    {
        var calendar = EveryDay(1, 0, 2, 30);

        AssertOccurrence(calendar, at: Utc(2026, 10, 25, 1, 15), from: Utc(2026, 10, 24, 23, 0), to: Utc(2026, 10, 25, 1, 30)); // 01:00 CEST to 02:30 CET
        Assert.False(calendar.IsActive("w", Utc(2026, 10, 25, 1, 30)));
    }

    [Fact]
    public void Stretches_a_fall_back_makes_overlap_are_one_stretch_without_a_change_in_between()
    {
        var calendar = EveryDay(2, 45, 2, 30); // over midnight, 23 h 45 min

        // Saturday's stretch ends at 02:30 CET (01:30Z) after Sunday's began at 02:45 CEST (00:45Z).
        AssertOccurrence(calendar, at: Utc(2026, 10, 25, 1, 0), from: Utc(2026, 10, 24, 0, 45), to: Utc(2026, 10, 26, 1, 30));
        Assert.Equal(
            new WindowTransition("w", WindowTransitionKind.End, Utc(2026, 10, 26, 1, 30)),
            calendar.NextChange("w", Utc(2026, 10, 25, 0, 0)));
    }

    [Fact]
    public void Stretches_a_spring_forward_makes_touch_are_one_stretch_without_a_change_in_between()
    {
        var calendar = EveryDay(3, 0, 2, 30); // over midnight; Saturday's end moves out of the gap onto Sunday's start

        Assert.Equal(
            new WindowTransition("w", WindowTransitionKind.End, Utc(2026, 3, 30, 0, 30)), // Monday 02:30 CEST
            calendar.NextChange("w", Utc(2026, 3, 28, 12, 0)));
    }
}
