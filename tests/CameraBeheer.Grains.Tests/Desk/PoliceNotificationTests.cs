using static CameraBeheer.Grains.Tests.Desk.DeskTestKit;

namespace CameraBeheer.Grains.Tests.Desk;

/// <summary>Every time-out is reported to the police, who acknowledge it; 30 minutes without acknowledgement raise an alert.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PoliceNotificationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_time_outs_notification_reaches_a_police_watcher_with_only_what_the_plan_requires_and_is_acknowledged_without_an_alert()
    {
        fixture.MoveClockToLocal(IsSaturday, new TimeOnly(11, 0));
        var site = AlertTestKit.Site;
        var watcher = new RecordingPoliceWatcher();
        var reference = fixture.Grains.CreateObjectReference<IPoliceNotificationWatcher>(watcher);
        await fixture.TimeOuts(site).SubscribeAsync(reference);
        var resident = await fixture.NewResidentAsync(site);

        var timeOut = await fixture.TimeOuts(site).StartAsync(TimeOut(resident.Id));
        var heard = await watcher.WaitForAsync(timeOut.NotificationId, "pending");
        Assert.Equal((resident.Name, timeOut.StartedAt, timeOut.ExpectedReturn, "house-rules"), (heard.ResidentName, heard.Start, heard.ExpectedReturn, heard.Category));
        // The staff's own words are not in what the police get.
        Assert.DoesNotContain(typeof(PoliceNotificationRecord).GetProperties(), p => p.Name is "Reason" or "Resident" or "Room");

        await fixture.TimeOuts(site).MarkDeliveredAsync(heard.Id, "Agent Bakker");
        Assert.Equal("delivered", (await fixture.TimeOuts(site).NotificationsAsync(false)).Single(n => n.Id == heard.Id).State);
        var acknowledged = await fixture.TimeOuts(site).AcknowledgeAsync(heard.Id, "Agent Bakker");
        Assert.Equal("acknowledged", acknowledged.State);
        await watcher.WaitForAsync(heard.Id, "acknowledged");
        await RefusedAsync(() => fixture.TimeOuts(site).AcknowledgeAsync(heard.Id, "Agent Bakker"), DeskErrorKind.NotAllowedNow, "id");

        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromMinutes(31), () => fixture.TimeOuts(site).ListAsync(false));
        Assert.Empty(await fixture.AlertsAboutAsync(WorkflowRules.PoliceNotificationUnacknowledged.Id, heard.Id));
        await fixture.TimeOuts(site).UnsubscribeAsync(reference);
        await fixture.TimeOuts(site).EndAsync(timeOut.Id, Staff);
    }

    [Fact]
    public async Task An_unacknowledged_notification_raises_the_alert_at_30_minutes_not_before()
    {
        fixture.MoveClockToLocal(IsSaturday, new TimeOnly(12, 0));
        var site = AlertTestKit.Site;
        var timeOut = await fixture.TimeOuts(site).StartAsync(TimeOut((await fixture.NewResidentAsync(site)).Id));

        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1), () => fixture.TimeOuts(site).ListAsync(false));
        Assert.Empty(await fixture.AlertsAboutAsync(WorkflowRules.PoliceNotificationUnacknowledged.Id, timeOut.NotificationId));
        await fixture.AdvanceAndWaitForTimersAsync(TimeOutGrain.CheckInterval, () => fixture.TimeOuts(site).ListAsync(false));
        var alert = Assert.Single(await fixture.AlertsAboutAsync(WorkflowRules.PoliceNotificationUnacknowledged.Id, timeOut.NotificationId));
        Assert.Equal(timeOut.StartedAt.AddMinutes(30), alert.FirstSeen);
        await fixture.TimeOuts(site).EndAsync(timeOut.Id, Staff);
    }

    [Fact]
    public async Task Acknowledging_an_unknown_or_malformed_notification_is_refused_naming_the_id()
    {
        var site = OwnSite();
        await RefusedAsync(() => fixture.TimeOuts(site).AcknowledgeAsync("pn-9999", "Agent Bakker"), DeskErrorKind.NotFound, "id");
        await RefusedAsync(() => fixture.TimeOuts(site).AcknowledgeAsync("t-0001", "Agent Bakker"), DeskErrorKind.InvalidArgument, "id");
    }
}
