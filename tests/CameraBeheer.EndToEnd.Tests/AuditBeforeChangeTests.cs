namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// The audit log is written before a change takes effect (and before an audited read is answered): when it cannot be
/// written, the call fails UNAVAILABLE and nothing changed (or was shown).
/// </summary>
public sealed class AuditBeforeChangeTests
{
    private const string Site = "domus-almere-poort";

    /// <summary>Sweeps only when asked, so the expired segment waits for the test's own sweep.</summary>
    private static readonly Dictionary<string, string> NoTimedSweep = new() { ["CAMERABEHEER_Retention__FirstSweepAfter"] = "01:00:00" };

    [Fact]
    public async Task While_the_audit_log_cannot_be_written_every_change_is_refused_and_nothing_changes()
    {
        await UtcDay.AvoidMidnightAsync();
        var data = TestPaths.NewFolder("audit-fails");
        var now = DateTimeOffset.UtcNow;
        var expired = PlantSegment(data, "cam-05", now.AddDays(-30));
        await using var host = await HostProcess.StartAsync(data, environment: NoTimedSweep);
        using var operatorClient = host.Client("operator", "Operator Jansen");
        using var manager = host.Client("manager", "Manager De Vries");
        using var admin = host.Client("admin", "Beheerder");
        using var staff = host.Client("staff", "Medewerker Bakker");

        // What there is to change: an open alert (the gate forced open), an active hold, a resident to visit.
        await using (var edge = await EdgePublisher.ConnectAsync(host))
            await edge.PublishAsync(EdgeTopics.Gate(Site, "hoofdingang"),
                $$"""{"id":"forced-1","ts":"{{EdgePublisher.Rfc3339(now.AddSeconds(-1))}}","kind":"forced"}""");
        var alert = (await Eventually.GetAsync(() => operatorClient.Alerts.ListAsync(new ListAlertsRequest()).ResponseAsync,
            l => l.Alerts.Any(a => a.Rule == "poort-geforceerd"), "the forced-gate alert")).Alerts.First(a => a.Rule == "poort-geforceerd");
        var hold = await manager.Retention.PlaceHoldAsync(TestHolds.PoliceRequest(now));
        var resident = await manager.Residents.AddAsync(new AddResidentRequest { Name = "Bewoner Visser", Room = "7" });

        var moved = BreakAuditLog(data);

        await AssertRefusedAsync(operatorClient.Alerts.AcknowledgeAsync(new AcknowledgeAlertRequest { Id = alert.Id }).ResponseAsync);
        await AssertRefusedAsync(operatorClient.Alerts.ResolveAsync(new ResolveAlertRequest { Id = alert.Id, Outcome = "staff", Note = "poort gesloten" }).ResponseAsync);
        await AssertRefusedAsync(manager.Retention.PlaceHoldAsync(TestHolds.PoliceRequest(now)).ResponseAsync);
        await AssertRefusedAsync(manager.Retention.RenewHoldAsync(new RenewHoldRequest { Id = hold.Id, Expires = Timestamp.FromDateTimeOffset(now.AddDays(80)) }).ResponseAsync);
        await AssertRefusedAsync(manager.Retention.ReleaseHoldAsync(new ReleaseHoldRequest { Id = hold.Id, Reason = "zaak gesloten" }).ResponseAsync);
        await AssertRefusedAsync(admin.Retention.SweepAsync(new SweepRequest()).ResponseAsync);
        await AssertRefusedAsync(staff.Guests.CheckInAsync(new CheckInRequest { GuestName = "Piet", Visiting = resident.Id }).ResponseAsync);

        // A read that is audited shows nothing it could not record.
        using (var events = operatorClient.Cameras.Events(new CameraEventsRequest
        {
            Camera = "cam-01", From = Timestamp.FromDateTimeOffset(now.AddHours(-1)), To = Timestamp.FromDateTimeOffset(now.AddMinutes(1)),
        }))
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => events.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.Unavailable, e.StatusCode);
            Assert.Contains("audit log could not be written, so nothing is shown", e.Status.Detail);
        }
        var evacuation = await Assert.ThrowsAsync<RpcException>(() => staff.Evacuation.ListAsync(new EvacuationRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, evacuation.StatusCode);

        // Nothing changed: not the alert, not the holds, not the footage, not the guest register.
        var unchanged = (await operatorClient.Alerts.ListAsync(new ListAlertsRequest())).Alerts.Single(a => a.Id == alert.Id);
        Assert.Equal("new", unchanged.Status);
        Assert.Equal("", unchanged.AcknowledgedBy);
        var holds = (await manager.Retention.ListHoldsAsync(new ListHoldsRequest { IncludeEnded = true })).Holds;
        var only = Assert.Single(holds);
        Assert.Equal((hold.Id, "active", hold.Expires), (only.Id, only.State, only.Expires));
        Assert.True(File.Exists(expired), "the sweep ran although its audit entry could not be written");
        Assert.False(Directory.Exists(Path.Combine(data, "retention")), "a deletion receipt was written");
        Assert.Empty((await staff.Guests.OnSiteAsync(new OnSiteRequest())).Visits);

        // With the log writable again the same call goes through: it was the audit log that stopped it.
        RepairAuditLog(data, moved);
        var acknowledged = await operatorClient.Alerts.AcknowledgeAsync(new AcknowledgeAlertRequest { Id = alert.Id });
        Assert.Equal("Operator Jansen", acknowledged.AcknowledgedBy);
        var audit = await File.ReadAllLinesAsync(TodaysAuditFile(data));
        var ack = audit.Where(l => l.Contains("Alerts/Acknowledge", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, ack.Count);
        Assert.Contains("\"requested\"", ack[0]);
        Assert.Contains("\"ok\"", ack[1]);
        Assert.False(host.HasExited);
    }

    private static async Task AssertRefusedAsync<T>(Task<T> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains("audit log could not be written, so nothing was changed", e.Status.Detail);
    }

    /// <summary>
    /// Makes every audit append fail as a full or broken disk would, also for root: the site's audit folder is moved
    /// away and a plain file takes its place, so no day's file can be created under it.
    /// </summary>
    private static string BreakAuditLog(string data)
    {
        var folder = Path.Combine(data, "audit", Site);
        var moved = folder + ".moved";
        Directory.Move(folder, moved);
        File.WriteAllText(folder, "not a folder");
        return moved;
    }

    private static void RepairAuditLog(string data, string moved)
    {
        var folder = Path.Combine(data, "audit", Site);
        File.Delete(folder);
        Directory.Move(moved, folder);
    }

    private static string TodaysAuditFile(string data)
    {
        var today = DateTime.UtcNow;
        return Path.Combine(data, "audit", Site, $"{today:yyyy}", $"{today:MM}", $"{today:dd}.jsonl");
    }

    /// <summary>A 10-second segment as the edge would have uploaded it, straight into the data folder.</summary>
    private static string PlantSegment(string data, string camera, DateTimeOffset start)
    {
        var utc = start.UtcDateTime;
        var path = Path.Combine(data, "footage", Site, camera, $"{utc:yyyy}", $"{utc:MM}", $"{utc:dd}", $"{utc:HH}", $"{utc:yyyyMMdd'T'HHmmss'Z'}.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[1024]);
        return path;
    }
}
