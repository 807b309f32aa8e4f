namespace CameraBeheer.Grains.Tests;

/// <summary>
/// Motion rules of the real site file, evaluated by the zone grains with the cluster's fake clock: motion on the grounds
/// in school hours and at night, and loitering on the bike path. Each test uses cameras of its own.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MotionRuleTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Grounds_motion_on_a_school_day_at_1000_local_raises_a_high_alert()
    {
        var now = fixture.MoveClockToLocal(AlertTestKit.IsSchoolDay, new TimeOnly(10, 0));
        var camera = fixture.Camera("cam-21"); // binnentuin noord: the whole view feeds the grounds

        await camera.RecordMotionAsync(new MotionObservation("school-1", now, MotionPhase.Start, "yard", null, 0.8));

        var alert = await fixture.WaitForAlertAsync("terrein-schooltijd", now);
        Assert.Equal((AlertPriority.High, AlertStatus.New, "terrein", "cam-21/yard"), (alert.Priority, alert.Status, alert.Place, alert.Source));
        Assert.Equal(AlertTestKit.Rule("terrein-schooltijd").Text, alert.Text);
        await camera.RecordMotionAsync(new MotionObservation("school-2", now.AddSeconds(20), MotionPhase.End, "yard", null, 0.1));
    }

    [Fact]
    public async Task Grounds_motion_at_1000_on_a_Saturday_raises_nothing()
    {
        var now = fixture.MoveClockToLocal(d => d.DayOfWeek == DayOfWeek.Saturday, new TimeOnly(10, 0));
        var camera = fixture.Camera("cam-22");

        await camera.RecordMotionAsync(new MotionObservation("saturday-1", now, MotionPhase.Start, "yard", null, 0.8));
        await fixture.Zone("terrein").WaitForFeedAsync("cam-22/yard", active: true);

        Assert.Empty((await fixture.ControlRoom().ListAsync(AlertFilter.All)).Where(a => a.FirstSeen == now));
        await camera.RecordMotionAsync(new MotionObservation("saturday-2", now.AddSeconds(20), MotionPhase.End, "yard", null, 0.1));
    }

    [Fact]
    public async Task Grounds_motion_at_1000_in_the_Christmas_holiday_raises_nothing()
    {
        // Straight to the zone with the event's own time: the window is checked at the time of the event, not of the clock.
        var tuesdayInTheHoliday = new DateTimeOffset(2026, 12, 22, 9, 0, 0, TimeSpan.Zero); // 10:00 CET
        var zone = fixture.Zone("terrein");

        await zone.MotionChangedAsync(new ZoneMotion("cam-25", "parking", null, true, tuesdayInTheHoliday, "christmas-1"));
        await zone.WaitForFeedAsync("cam-25/parking", active: true);

        Assert.Empty((await fixture.ControlRoom().ListAsync(AlertFilter.All)).Where(a => a.FirstSeen == tuesdayInTheHoliday));
        await zone.MotionChangedAsync(new ZoneMotion("cam-25", "parking", null, false, tuesdayInTheHoliday.AddMinutes(1), "christmas-2"));
        await zone.WaitForFeedAsync("cam-25/parking", active: false);
    }

    [Fact]
    public async Task Grounds_motion_at_2330_raises_the_medium_night_alert()
    {
        var now = fixture.MoveClockToLocal(_ => true, new TimeOnly(23, 30));
        var camera = fixture.Camera("cam-23");

        await camera.RecordMotionAsync(new MotionObservation("night-1", now, MotionPhase.Start, "smoking-area", null, 0.6));

        var alert = await fixture.WaitForAlertAsync("terrein-nacht", now);
        Assert.Equal(AlertPriority.Medium, alert.Priority);
        Assert.Empty(await fixture.AlertsAsync("terrein-schooltijd", now));
        await camera.RecordMotionAsync(new MotionObservation("night-2", now.AddSeconds(20), MotionPhase.End, "smoking-area", null, 0.1));
    }

    [Fact]
    public async Task Loitering_fires_at_10_minutes_of_continuous_motion_on_the_bike_path_and_not_before()
    {
        var start = fixture.MoveClockToFreshDay(TimeSpan.FromHours(13));
        var camera = fixture.Camera("cam-32");
        var bikePath = fixture.Zone("fietspad");
        await camera.RecordMotionAsync(new MotionObservation("loiter-1", start, MotionPhase.Start, "bike-path", null, 0.5));
        await bikePath.WaitForFeedAsync("cam-32/bike-path", active: true);

        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1), bikePath.GetSnapshotAsync);
        Assert.Empty(await fixture.AlertsAsync("fietspad-rondhangen", start.AddMinutes(10)));

        await fixture.AdvanceAndWaitForTimersAsync(ZoneGrain.ContinuousMotionCheckInterval, bikePath.GetSnapshotAsync);
        await fixture.WaitForAlertAsync("fietspad-rondhangen", start.AddMinutes(10));
        var alert = Assert.Single(await fixture.AlertsAsync("fietspad-rondhangen", start.AddMinutes(10)));
        Assert.Equal((AlertPriority.Medium, "fietspad", "cam-32/bike-path"), (alert.Priority, alert.Place, alert.Source));

        // Still there a while later: it fired once for this stretch of motion.
        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromMinutes(3), bikePath.GetSnapshotAsync);
        Assert.Equal(1, Assert.Single(await fixture.AlertsAsync("fietspad-rondhangen", start.AddMinutes(10))).Count);
        await camera.RecordMotionAsync(new MotionObservation("loiter-2", fixture.Clock.GetUtcNow(), MotionPhase.End, "bike-path", null, 0.1));
        await bikePath.WaitForFeedAsync("cam-32/bike-path", active: false);
    }

    [Fact]
    public async Task Motion_on_the_bike_path_that_ends_before_10_minutes_raises_no_loitering_alert()
    {
        var start = fixture.MoveClockToFreshDay(TimeSpan.FromHours(14));
        var camera = fixture.Camera("cam-03");
        var bikePath = fixture.Zone("fietspad");
        await camera.RecordMotionAsync(new MotionObservation("pass-1", start, MotionPhase.Start, "bike-path", null, 0.5));
        await bikePath.WaitForFeedAsync("cam-03/bike-path", active: true);
        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromMinutes(9), bikePath.GetSnapshotAsync);

        await camera.RecordMotionAsync(new MotionObservation("pass-2", fixture.Clock.GetUtcNow(), MotionPhase.End, "bike-path", null, 0.1));
        await bikePath.WaitForFeedAsync("cam-03/bike-path", active: false);
        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromMinutes(5), bikePath.GetSnapshotAsync);

        Assert.Empty(await fixture.AlertsAsync("fietspad-rondhangen", start.AddMinutes(10)));
    }
}
