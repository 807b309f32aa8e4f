namespace CameraBeheer.Grains.Tests;

/// <summary>
/// An alert is never lost and never doubled: the control room takes each cause once however often it is sent, and a
/// crash of the silo forgets no active feed, no loitering timer and no outage a camera-offline rule is counting.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AlertNeverLostTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_signal_sent_again_for_the_same_cause_is_taken_once()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(4));
        var room = fixture.ControlRoom();
        var forced = new AlertSignal("poort-geforceerd", "hoofdingang", "hoofdingang", now, "gate:hoofdingang:again-1");

        Assert.NotNull(await room.RaiseAsync(forced));
        Assert.Null(await room.RaiseAsync(forced)); // the gate sending again what it owed
        // A second forced event (another cause) is a real occurrence: it counts, and shows the first was counted once.
        await room.RaiseAsync(forced with { At = now.AddSeconds(10), CauseId = "gate:hoofdingang:again-2" });

        var alert = Assert.Single(await fixture.AlertsAsync("poort-geforceerd", now));
        Assert.Equal(2, alert.Count);
    }

    [Fact]
    public async Task An_active_feed_and_its_loitering_timer_survive_a_crash_of_the_silo()
    {
        var start = fixture.MoveClockToFreshDay(TimeSpan.FromHours(15));
        await fixture.Camera("cam-04").RecordMotionAsync(new MotionObservation("crash-loiter-1", start, MotionPhase.Start, "bike-path", null, 0.5));
        await fixture.Zone("fietspad").WaitForFeedAsync("cam-04/bike-path", active: true);

        // Before any checkpoint: the clock has not moved, so no timer of the zone or the camera has saved anything.
        await fixture.CrashAndRestartAsync();

        var bikePath = fixture.Zone("fietspad");
        Assert.Contains("cam-04/bike-path", (await bikePath.GetSnapshotAsync()).ActiveFeeds);
        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromMinutes(10) + ZoneGrain.ContinuousMotionCheckInterval, bikePath.GetSnapshotAsync);
        var alert = await fixture.WaitForAlertAsync("fietspad-rondhangen", start.AddMinutes(10));
        Assert.Equal(("fietspad", "cam-04/bike-path", 1), (alert.Place, alert.Source, alert.Count));

        await fixture.Camera("cam-04").RecordMotionAsync(new MotionObservation("crash-loiter-2", fixture.Clock.GetUtcNow(), MotionPhase.End, "bike-path", null, 0.1));
        await bikePath.WaitForFeedAsync("cam-04/bike-path", active: false);
    }

    [Fact]
    public async Task A_camera_offline_before_a_crash_raises_its_alert_as_of_the_outage_it_heard()
    {
        var wentOffline = fixture.MoveClockToFreshDay(TimeSpan.FromHours(16));
        var camera = fixture.Camera("cam-09");
        await camera.RecordStatusAsync(new StatusObservation(false, wentOffline));
        // Past one checkpoint (every 2 s), well before the 2-minute threshold.
        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromSeconds(30), camera.GetSnapshotAsync);

        await fixture.CrashAndRestartAsync();

        camera = fixture.Camera("cam-09");
        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromMinutes(2), camera.GetSnapshotAsync);
        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromSeconds(3), camera.GetSnapshotAsync);
        var alert = await fixture.WaitForAlertAsync("camera-offline", wentOffline.AddMinutes(2));
        Assert.Equal(("cam-09", 1), (alert.Place, alert.Count));
        await camera.RecordStatusAsync(new StatusObservation(true, fixture.Clock.GetUtcNow()));
    }
}
