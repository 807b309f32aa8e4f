namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The register survives the host: parallel check-ins, restarts, the evacuation list, and the police's live stream.</summary>
public sealed class DeskRegisterEndToEndTests(DeskHostFixture fixture) : IClassFixture<DeskHostFixture>
{
    [Fact]
    public async Task Twenty_parallel_check_ins_stay_on_site_across_restarts_and_the_evacuation_list_agrees()
    {
        using (var manager = fixture.Host.Client("manager", "Marco de Vries"))
        {
            var home = await manager.Residents.AddAsync(new AddResidentRequest { Name = "Cor Visser", Room = "1.02" });
            var away = await manager.Residents.AddAsync(new AddResidentRequest { Name = "Dirk Mulder", Room = "1.03" });
            using var staff = fixture.Host.Client("staff", "Sanne Bakker");
            var visits = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
                staff.Guests.CheckInAsync(new CheckInRequest { GuestName = $"Gast {(char)('A' + i)}{(char)('a' + i)}", Visiting = home.Id, IdChecked = true }).ResponseAsync));
            Assert.Equal(20, visits.Select(v => v.Id).Distinct().Count());
            await manager.TimeOuts.StartAsync(new StartTimeOutRequest { Resident = away.Id, Reason = "r", Category = "other", ExpectedMinutes = 90, OverrideReason = "test" });
        }

        await fixture.RestartAsync();
        using (var staff = fixture.Host.Client("staff", "Sanne Bakker"))
        {
            var onSite = (await staff.Guests.OnSiteAsync(new OnSiteRequest())).Visits;
            Assert.Equal(20, onSite.Count);
            await Task.WhenAll(onSite.Take(5).Select(v => staff.Guests.CheckOutAsync(new CheckOutRequest { Visit = v.Id }).ResponseAsync));
        }

        await fixture.RestartAsync();
        using var after = fixture.Host.Client("staff", "Sanne Bakker");
        var left = (await after.Guests.OnSiteAsync(new OnSiteRequest())).Visits;
        Assert.Equal(15, left.Count);
        var evacuation = await after.Evacuation.ListAsync(new EvacuationRequest());
        Assert.Equal(left.Select(v => v.Id).Order(), evacuation.Guests.Select(g => g.Visit).Order());
        var timeOuts = (await after.TimeOuts.ListAsync(new ListTimeOutsRequest())).TimeOuts;
        Assert.Equal(timeOuts.Select(t => t.Resident), evacuation.Away.Select(a => a.Resident));
        var residents = (await after.Residents.ListAsync(new ListResidentsRequest())).Residents;
        Assert.Equal(residents.Where(r => r.OnTimeOut.Length == 0).Select(r => r.Id), evacuation.Residents.Select(r => r.Id));
        Assert.Equal(evacuation.Residents.Count + 15, evacuation.TotalOnSite);
    }

    [Fact]
    public async Task A_time_outs_notification_appears_on_a_police_stream_is_delivered_and_acknowledged()
    {
        using var police = fixture.Host.Client("police", "Agent Visser");
        using var manager = fixture.Host.Client("manager", "Marco de Vries");
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        watching.CancelAfter(TimeSpan.FromSeconds(60));
        using var stream = police.PoliceNotifications.Watch(new WatchPoliceNotificationsRequest(), cancellationToken: watching.Token);
        await stream.ResponseHeadersAsync;
        var existing = (await police.PoliceNotifications.ListAsync(new ListPoliceNotificationsRequest())).Notifications.Select(n => n.Id).ToHashSet();

        var resident = await manager.Residents.AddAsync(new AddResidentRequest { Name = "Eva de Wit" });
        var timeOut = await manager.TimeOuts.StartAsync(new StartTimeOutRequest
        {
            Resident = resident.Id, Reason = "Gooide met een stoel", Category = "aggression", ExpectedMinutes = 120, OverrideReason = "acuut",
        });
        PoliceNotificationEvent? heard = null;
        while (await stream.ResponseStream.MoveNext(watching.Token))
        {
            if (stream.ResponseStream.Current.Change == "keepalive" || existing.Contains(stream.ResponseStream.Current.Notification.Id)) continue;
            heard = stream.ResponseStream.Current;
            break;
        }
        Assert.NotNull(heard);
        Assert.Equal(("new", timeOut.Notification, "Eva de Wit", "aggression"), (heard.Change, heard.Notification.Id, heard.Notification.ResidentName, heard.Notification.Category));
        Assert.Equal(timeOut.ExpectedReturn, heard.Notification.ExpectedReturn);

        var acknowledged = await police.PoliceNotifications.AcknowledgeAsync(new AcknowledgePoliceNotificationRequest { Id = timeOut.Notification });
        Assert.Equal(("acknowledged", "Agent Visser"), (acknowledged.State, acknowledged.AcknowledgedBy));
        do Assert.True(await stream.ResponseStream.MoveNext(watching.Token));
        while (stream.ResponseStream.Current.Change == "keepalive");
        Assert.Equal(("acknowledged", timeOut.Notification), (stream.ResponseStream.Current.Change, stream.ResponseStream.Current.Notification.Id));
        var listed = (await manager.TimeOuts.ListAsync(new ListTimeOutsRequest())).TimeOuts.Single(t => t.Id == timeOut.Id);
        Assert.Equal("acknowledged", listed.NotificationState);
        var again = await Assert.ThrowsAsync<RpcException>(() => police.PoliceNotifications.AcknowledgeAsync(new AcknowledgePoliceNotificationRequest { Id = timeOut.Notification }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        await manager.TimeOuts.EndAsync(new EndTimeOutRequest { Id = timeOut.Id });
    }
}
