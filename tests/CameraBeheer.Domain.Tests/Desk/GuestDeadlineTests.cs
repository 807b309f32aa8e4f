using static CameraBeheer.Domain.Tests.WatchWindows.Instants;

namespace CameraBeheer.Domain.Tests.Desk;

/// <summary>A guest is overdue at the announced leave time and at the night cut-off (22:00 local by default).</summary>
public sealed class GuestDeadlineTests
{
    private static readonly TimeOnly Cutoff = new(22, 0);

    [Fact]
    public void The_night_cut_off_of_an_afternoon_visit_is_2200_local_the_same_day() =>
        Assert.Equal(Local(2026, 11, 17, 22, 0), GuestDeadlines.NightCutoffAfter(Local(2026, 11, 17, 14, 0), Cutoff, Amsterdam));

    [Fact]
    public void A_guest_checked_in_after_the_cut_off_is_held_to_the_next_one() =>
        Assert.Equal(Local(2026, 11, 18, 22, 0), GuestDeadlines.NightCutoffAfter(Local(2026, 11, 17, 22, 30), Cutoff, Amsterdam));

    [Fact]
    public void The_cut_off_follows_local_time_on_both_daylight_saving_Sundays()
    {
        Assert.Equal(Utc(2027, 3, 28, 20, 0), GuestDeadlines.NightCutoffAfter(Utc(2027, 3, 28, 9, 0), Cutoff, Amsterdam));
        Assert.Equal(Utc(2026, 10, 25, 21, 0), GuestDeadlines.NightCutoffAfter(Utc(2026, 10, 25, 9, 0), Cutoff, Amsterdam));
    }

    [Fact]
    public void An_expected_leave_time_before_the_check_in_or_a_day_away_is_refused_naming_the_field()
    {
        var now = Local(2026, 11, 17, 14, 0);
        Assert.Equal("expected_leave", Assert.Throws<DeskException>(() => GuestDeadlines.CheckExpectedLeave(now, now.AddMinutes(-1))).Field);
        Assert.Equal("expected_leave", Assert.Throws<DeskException>(() => GuestDeadlines.CheckExpectedLeave(now, now.AddHours(17))).Field);
        GuestDeadlines.CheckExpectedLeave(now, now.AddHours(4));
        GuestDeadlines.CheckExpectedLeave(now, null);
    }

    [Fact]
    public void An_opening_is_announced_by_a_badge_intercom_or_check_in_in_the_two_minutes_before_it()
    {
        var opened = Local(2026, 11, 17, 23, 10);
        var window = TimeSpan.FromMinutes(2);
        Assert.True(EntryAnnouncement.IsAnnounced(opened, window, [opened.AddMinutes(-1)]));
        Assert.True(EntryAnnouncement.IsAnnounced(opened, window, [opened.AddMinutes(-2)]));
        Assert.False(EntryAnnouncement.IsAnnounced(opened, window, [opened.AddMinutes(-2).AddSeconds(-1)]));
        Assert.False(EntryAnnouncement.IsAnnounced(opened, window, [opened.AddSeconds(1)]));
        Assert.False(EntryAnnouncement.IsAnnounced(opened, window, []));
    }
}
