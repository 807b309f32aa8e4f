using System.Runtime.CompilerServices;
using CameraBeheer.Grains.Watching;
using Microsoft.Extensions.Logging.Abstractions;

namespace CameraBeheer.Grains.Tests.Watching;

/// <summary>
/// Orleans holds a local observer object weakly: a watch whose observer nothing else holds goes quiet at the next
/// garbage collection (found by the load test, whose alert phase lost its watch after a busy minute).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ObserverRegistrationTests(ClusterFixture fixture)
{
    private static readonly WatchOptions Quiet = new() { KeepaliveEvery = TimeSpan.FromDays(30), RenewEvery = TimeSpan.FromDays(30) };

    [Fact]
    public async Task A_registered_watch_observer_still_hears_the_control_room_after_a_full_garbage_collection()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var room = fixture.ControlRoom();
        ObserverRegistration<IAlertWatcher>? observer = null;
        await using var feed = new WatchFeed<AlertChange>("the control room", () => room.SubscribeAsync(observer!.Reference), Quiet, fixture.Clock, NullLogger.Instance);
        observer = Register(fixture.Grains, feed);
        using (observer)
        {
            await feed.StartAsync();

            CollectEverything();
            var raised = (await room.RaiseAsync(new AlertSignal("terrein-schooltijd", "terrein", "cam-21", now)))!;

            var heard = await NextChangeAsync(feed, raised.Alert.Id);
            Assert.Equal(AlertChangeKind.Opened, heard.Kind);
            await room.UnsubscribeAsync(observer.Reference);
        }
    }

    [Fact]
    public void Orleans_alone_does_not_keep_an_observer_alive_which_is_why_the_registration_holds_it()
    {
        var collected = ReferenceOnly(fixture.Grains, out var reference);

        CollectEverything();

        Assert.False(collected.IsAlive, "Orleans kept the observer alive by itself; the registration's reason is gone");
        fixture.Grains.DeleteObjectReference<IAlertWatcher>(reference);
    }

    // Not inlined, so that no local of the test method keeps the observer object reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ObserverRegistration<IAlertWatcher> Register(IGrainFactory grains, WatchFeed<AlertChange> feed) => new(grains, new FeedWatcher(feed));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ReferenceOnly(IGrainFactory grains, out IAlertWatcher reference)
    {
        var watcher = new FeedWatcher(null);
        reference = grains.CreateObjectReference<IAlertWatcher>(watcher);
        return new WeakReference(watcher);
    }

    private static void CollectEverything()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static async Task<AlertChange> NextChangeAsync(WatchFeed<AlertChange> feed, string alertId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var item = await feed.Items.ReadAsync(timeout.Token);
            if (item.Kind == WatchItemKind.Change && item.Change!.Alert.Id == alertId) return item.Change;
        }
    }

    private sealed class FeedWatcher(WatchFeed<AlertChange>? feed) : IAlertWatcher
    {
        public Task OnAlertChanged(AlertChange change)
        {
            feed?.Offer(change);
            return Task.CompletedTask;
        }

        public Task OnSubscriptionEnded()
        {
            feed?.SubscriptionEnded();
            return Task.CompletedTask;
        }
    }
}
