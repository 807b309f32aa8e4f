using CameraBeheer.Grains.Watching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CameraBeheer.Grains.Tests.Watching;

/// <summary>The feed behind a watch stream on its own, with a subscription that fails when the test says and a fake clock.</summary>
public sealed class WatchFeedTests
{
    private static readonly TimeSpan Long = TimeSpan.FromDays(1);

    [Fact]
    public async Task A_renewal_that_fails_once_does_not_end_the_watch()
    {
        var clock = new FakeTimeProvider();
        var calls = 0;
        Task Subscribe() => ++calls == 2 ? Task.FromException(new TimeoutException("the control room did not answer")) : Task.CompletedTask;
        await using var feed = new WatchFeed<string>("the control room", Subscribe, new WatchOptions { KeepaliveEvery = Long, RenewEvery = TimeSpan.FromMinutes(1) }, clock, NullLogger.Instance);
        await feed.StartAsync();

        // The clock moves in small steps: the failed renewal's retry waits on it too.
        var item = await NextAsync(feed, clock, TimeSpan.FromSeconds(5));

        Assert.Equal(WatchItemKind.CatchUp, item.Kind);
        Assert.Equal(3, calls);
        Assert.False(feed.Items.Completion.IsCompleted);
        feed.Offer("a-1 opened");
        Assert.Equal((WatchItemKind.Change, "a-1 opened"), await NextAsync(feed, clock, TimeSpan.Zero) is var change ? (change.Kind, change.Change) : default);
    }

    [Fact]
    public async Task Renewals_failing_past_the_give_up_time_end_the_feed_saying_the_stream_would_miss_changes()
    {
        var clock = new FakeTimeProvider();
        var calls = 0;
        Task Subscribe() => ++calls == 1 ? Task.CompletedTask : Task.FromException(new TimeoutException("the control room did not answer"));
        var options = new WatchOptions { KeepaliveEvery = Long, RenewEvery = TimeSpan.FromMinutes(1), GiveUpAfter = TimeSpan.FromMinutes(4) };
        await using var feed = new WatchFeed<string>("the control room of domus-almere-poort", Subscribe, options, clock, NullLogger.Instance);
        await feed.StartAsync();

        var ended = await Assert.ThrowsAsync<WatchEndedException>(() => NextAsync(feed, clock, TimeSpan.FromSeconds(5)));

        Assert.False(ended.FellBehind);
        Assert.Contains("the control room of domus-almere-poort could not be reached for 240 s", ended.Message);
        Assert.True(calls > 2, "it tried again before giving up");
    }

    [Fact]
    public async Task An_idle_feed_carries_a_keepalive_every_interval()
    {
        var clock = new FakeTimeProvider();
        await using var feed = new WatchFeed<string>("the control room", () => Task.CompletedTask, new WatchOptions { KeepaliveEvery = TimeSpan.FromSeconds(15), RenewEvery = Long }, clock, NullLogger.Instance);
        await feed.StartAsync();

        Assert.Equal(WatchItemKind.Keepalive, (await NextAsync(feed, clock, TimeSpan.FromSeconds(15))).Kind);
        Assert.Equal(WatchItemKind.Keepalive, (await NextAsync(feed, clock, TimeSpan.FromSeconds(15))).Kind);
    }

    [Fact]
    public async Task A_reader_that_falls_behind_the_buffer_loses_the_stream_with_a_reason()
    {
        await using var feed = new WatchFeed<string>("the control room", () => Task.CompletedTask, new WatchOptions { KeepaliveEvery = Long, RenewEvery = Long, Buffer = 2 }, new FakeTimeProvider(), NullLogger.Instance);
        await feed.StartAsync();

        foreach (var change in new[] { "a", "b", "c" }) feed.Offer(change);

        await feed.Items.ReadAsync(TestContext.Current.CancellationToken);
        await feed.Items.ReadAsync(TestContext.Current.CancellationToken);
        // What the stream's writer sees: the changes that fitted, then the reason (a watch stream reads with ReadAllAsync).
        var ended = await Assert.ThrowsAsync<WatchEndedException>(() => feed.Items.WaitToReadAsync(TestContext.Current.CancellationToken).AsTask());
        Assert.True(ended.FellBehind);
    }

    /// <summary>
    /// The next item, moving the fake clock by <paramref name="step"/> until one comes (the feed's loops run on real
    /// threads, so each step gets a moment of real time to be taken up).
    /// </summary>
    private static async Task<WatchItem<string>> NextAsync(WatchFeed<string> feed, FakeTimeProvider clock, TimeSpan step)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            if (feed.Items.TryRead(out var item)) return item;
            if (feed.Items.Completion.IsCompleted) await feed.Items.Completion; // throws the reason it ended
            clock.Advance(step);
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException("the feed gave nothing");
    }
}
