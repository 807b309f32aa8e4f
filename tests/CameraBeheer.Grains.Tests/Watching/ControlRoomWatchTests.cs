using CameraBeheer.Grains.Watching;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Core.Internal;

namespace CameraBeheer.Grains.Tests.Watching;

/// <summary>A watch on the real control room grain keeps receiving when the grain deactivates and forgets its watchers.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ControlRoomWatchTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_watcher_across_a_control_room_deactivation_keeps_receiving()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var room = fixture.ControlRoom();
        ObserverRegistration<IAlertWatcher>? watcher = null;
        // Renewal and keepalive far away: only the control room's word that it goes away can bring the watch back in time.
        var options = new WatchOptions { KeepaliveEvery = TimeSpan.FromDays(30), RenewEvery = TimeSpan.FromDays(30) };
        await using var feed = new WatchFeed<AlertChange>("the control room", () => room.SubscribeAsync(watcher!.Reference), options, fixture.Clock, NullLogger.Instance);
        // Held as the host's watch holds it: Orleans keeps a local observer only weakly, and a collection during the test
        // would silence it (the catch-up comes from the feed itself, the change only through the observer).
        using var registration = watcher = new ObserverRegistration<IAlertWatcher>(fixture.Grains, new FeedWatcher(feed));
        await feed.StartAsync();
        // A full collection, as under load every few seconds: the watch must still hear the control room after it.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        await room.AsReference<IGrainManagementExtension>().DeactivateOnIdle(TestContext.Current.CancellationToken);
        var caughtUp = await NextAsync(feed);
        var raised = (await room.RaiseAsync(new AlertSignal("terrein-schooltijd", "terrein", "cam-21", now)))!;

        Assert.Equal(WatchItemKind.CatchUp, caughtUp.Kind);
        var heard = await NextAsync(feed);
        Assert.Equal((WatchItemKind.Change, raised.Alert.Id, AlertChangeKind.Opened), (heard.Kind, heard.Change?.Alert.Id, heard.Change?.Kind));
        await room.UnsubscribeAsync(registration.Reference);
    }

    private static async Task<WatchItem<AlertChange>> NextAsync(WatchFeed<AlertChange> feed)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await feed.Items.ReadAsync(timeout.Token);
    }

    private sealed class FeedWatcher(WatchFeed<AlertChange> feed) : IAlertWatcher
    {
        public Task OnAlertChanged(AlertChange change)
        {
            feed.Offer(change);
            return Task.CompletedTask;
        }

        public Task OnSubscriptionEnded()
        {
            feed.SubscriptionEnded();
            return Task.CompletedTask;
        }
    }
}
