using CameraBeheer.Domain.Sites;
using CameraBeheer.Storage.Retention;
using static CameraBeheer.Grains.Tests.Desk.DeskTestKit;

namespace CameraBeheer.Grains.Tests.Desk;

/// <summary>The desk's personal data goes 28 days after it ended, each deletion with a receipt written first.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DeskRetentionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_visit_that_ended_29_days_ago_is_gone_after_a_sweep_with_a_receipt_and_one_that_ended_27_days_ago_stays()
    {
        fixture.MoveClockToLocal(IsSaturday, new TimeOnly(12, 0));
        var site = OwnSite();
        var resident = await fixture.NewResidentAsync(site);
        var movedOut = await fixture.NewResidentAsync(site);
        await fixture.Residents(site).RemoveAsync(movedOut.Id, "Marco");
        var old = await fixture.CheckInAsync(site, resident.Id);
        await fixture.Guests(site).CheckOutAsync(old.Id, Staff);
        var timeOut = await fixture.TimeOuts(site).StartAsync(TimeOut(resident.Id));
        await fixture.TimeOuts(site).EndAsync(timeOut.Id, Staff);
        var report = await fixture.Reports(site).AddAsync(new NewReport("Buurman Visser", "neighbour", "06-12345678", "Geluidsoverlast", null, null, false, Staff));
        await fixture.Reports(site).AnswerAsync(report.Id, "Bewoner aangesproken", Staff);
        var open = await fixture.Reports(site).AddAsync(new NewReport("Buurman Visser", "neighbour", "06-12345678", "Weer overlast", null, null, false, Staff));
        fixture.Clock.Advance(TimeSpan.FromDays(2));
        var recent = await fixture.CheckInAsync(site, resident.Id);
        await fixture.Guests(site).CheckOutAsync(recent.Id, Staff);
        var stillHere = await fixture.CheckInAsync(site, resident.Id);

        fixture.Clock.Advance(TimeSpan.FromDays(27)); // old ended 29 days ago, recent 27
        var sweeper = new DeskRetentionSweeper(fixture.Grains, fixture.Store, AlertTestKit.SiteConfig, fixture.Clock);
        var result = await sweeper.SweepAsync(site, TestContext.Current.CancellationToken);

        var now = fixture.Clock.GetUtcNow();
        var history = await fixture.Guests(site).HistoryAsync(now.AddDays(-60), now);
        Assert.Equal([recent.Id, stillHere.Id], history.Select(v => v.Id));
        Assert.Empty(await fixture.TimeOuts(site).ListAsync(includeEnded: true));
        Assert.Empty(await fixture.TimeOuts(site).NotificationsAsync(includeAcknowledged: true));
        Assert.Equal([open.Id], (await fixture.Reports(site).ListAsync(includeAnswered: true)).Select(r => r.Id));
        Assert.Equal(1, result.Deleted["visit"]);
        Assert.Equal(1, result.Deleted["time-out"]);
        Assert.Equal(1, result.Deleted["police-notification"]);
        Assert.Equal(1, result.Deleted["report"]);
        Assert.Equal(1, result.Deleted["resident"]);
        Assert.Equal([resident.Id], (await fixture.Residents(site).ListAsync(includeRemoved: true)).Select(r => r.Id));

        var receipts = await fixture.Store.GetAsync(RetentionReceipts.FileOf(site, now), TestContext.Current.CancellationToken);
        var text = Encoding.UTF8.GetString(receipts!.Content.Span);
        Assert.Contains($"\"{old.Id}\"", text, StringComparison.Ordinal);
        Assert.Contains($"\"{timeOut.Id}\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(recent.Id, text, StringComparison.Ordinal);
        Assert.Contains("desk-personal-data-28-days", text, StringComparison.Ordinal);

        var again = await sweeper.SweepAsync(site, TestContext.Current.CancellationToken);
        Assert.Equal(0, again.Total);
    }
}
