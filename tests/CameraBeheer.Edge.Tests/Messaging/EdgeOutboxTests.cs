using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace CameraBeheer.Edge.Tests.Messaging;

public sealed class EdgeOutboxTests() : FolderPerTest("outbox")
{
    private const string Site = "domus-almere-poort";
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Events_come_out_in_order_after_a_restart_without_publishing()
    {
        var outbox = Open();
        await outbox.EnqueueMotionAsync("cam-01", Motion("m-1", 0), Ct);
        await outbox.EnqueueSegmentAsync("cam-02", Segment(0), Ct);
        await outbox.EnqueueGateAsync("poort", new GatePayload("g-1", T0, "opened", null), Ct);
        await outbox.EnqueueMotionAsync("cam-01", Motion("m-2", 1), Ct);
        await outbox.EnqueueStatusAsync("cam-02", new StatusPayload("online", T0), Ct);
        await outbox.DisposeAsync();

        await using var reopened = Open();
        var messages = Drain(reopened);

        Assert.Equal(
            ["motion cam-01 m-1", "segment cam-02 s-20261122T100000000Z", "gate poort g-1", "motion cam-01 m-2", "status cam-02 "],
            messages.Select(m => $"{m.Kind.ToString().ToLowerInvariant()} {m.Source} {m.EventId}"));
        Assert.Equal(EdgeTopics.Gate(Site, "poort"), messages[2].Topic);
        Assert.True(messages[4].Retain);
        Assert.Equal("""{"id":"m-1","ts":"2026-11-22T10:00:00.000Z","phase":"start","region":"gate","score":0.5}""", Encoding.UTF8.GetString(messages[0].Payload.Span));
        Assert.True(messages.Zip(messages.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
    }

    [Fact]
    public async Task Completed_events_do_not_come_back_after_a_restart_and_one_in_flight_does()
    {
        var outbox = Open();
        for (var i = 0; i < 10; i++)
        {
            await outbox.EnqueueMotionAsync("cam-01", Motion($"m-{i}", i), Ct);
        }

        for (var i = 0; i < 6; i++)
        {
            Assert.True(outbox.TryTake(out var message));
            outbox.Complete(message);
        }

        Assert.True(outbox.TryTake(out var inFlight));
        Assert.Equal("m-6", inFlight.EventId);
        await outbox.CheckpointAsync(Ct);
        await KilledAgent.KillAsync(outbox, Path.Combine(Folder.Path, "outbox"));

        await using var reopened = Open();
        Assert.Equal(["m-6", "m-7", "m-8", "m-9"], Drain(reopened).Select(m => m.EventId));
    }

    [Fact]
    public async Task Events_of_one_camera_are_handed_out_one_at_a_time_in_order()
    {
        await using var outbox = Open();
        await outbox.EnqueueMotionAsync("cam-01", Motion("a-1", 0), Ct);
        await outbox.EnqueueMotionAsync("cam-01", Motion("a-2", 1), Ct);
        await outbox.EnqueueMotionAsync("cam-02", Motion("b-1", 2), Ct);

        Assert.True(outbox.TryTake(out var first));
        Assert.True(outbox.TryTake(out var second));
        Assert.False(outbox.TryTake(out _)); // cam-01's next waits for its first

        Assert.Equal(("a-1", "b-1"), (first.EventId, second.EventId));
        outbox.Release(first);
        Assert.True(outbox.TryTake(out var again));
        Assert.Equal("a-1", again.EventId);
        outbox.Complete(again);
        Assert.True(outbox.TryTake(out var next));
        Assert.Equal("a-2", next.EventId);
    }

    [Fact]
    public async Task A_refused_event_holds_up_only_its_own_camera_until_its_retry_time()
    {
        var time = new FakeTimeProvider(T0);
        await using var outbox = Open(time: time);
        await outbox.EnqueueMotionAsync("cam-01", Motion("a-1", 0), Ct);
        await outbox.EnqueueMotionAsync("cam-02", Motion("b-1", 1), Ct);
        await outbox.EnqueueMotionAsync("cam-02", Motion("b-2", 2), Ct);

        Assert.True(outbox.TryTake(out var refused));
        outbox.Release(refused, TimeSpan.FromSeconds(5));
        Assert.True(outbox.TryTake(out var b1));
        outbox.Complete(b1);
        Assert.True(outbox.TryTake(out var b2));
        outbox.Complete(b2);
        Assert.False(outbox.TryTake(out _));

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(outbox.TryTake(out var retried));
        Assert.Equal(("a-1", 1), (retried.EventId, retried.Rejections));
    }

    [Fact]
    public async Task Enqueueing_a_known_event_again_is_ignored_also_after_it_was_sent_and_the_agent_restarted()
    {
        var outbox = Open();
        Assert.True(await outbox.EnqueueSegmentAsync("cam-01", Segment(0), Ct));
        Assert.False(await outbox.EnqueueSegmentAsync("cam-01", Segment(0), Ct)); // queued already
        Assert.True(outbox.TryTake(out var sent));
        outbox.Complete(sent);
        Assert.False(await outbox.EnqueueSegmentAsync("cam-01", Segment(0), Ct)); // completed recently
        Assert.True(await outbox.EnqueueSegmentAsync("cam-02", Segment(0), Ct)); // same id, other camera
        await outbox.CheckpointAsync(Ct);
        await KilledAgent.KillAsync(outbox, Path.Combine(Folder.Path, "outbox"));

        await using var reopened = Open();
        Assert.False(await reopened.EnqueueSegmentAsync("cam-01", Segment(0), Ct));
        Assert.Equal(["cam-02"], Drain(reopened).Select(m => m.Source));
    }

    [Fact]
    public async Task Full_outbox_drops_the_oldest_footage_first_and_reports_it()
    {
        var logger = new TestLogger<EdgeOutbox>();
        using var health = new EdgeHealth();
        long droppedByMetric = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, health.Meter) && instrument.Name == "camerabeheer.edge.outbox.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref droppedByMetric, value));
        listener.Start();

        var outbox = Open(maxEvents: 10, logger: logger, health: health);
        for (var i = 0; i < 5; i++)
        {
            await outbox.EnqueueSegmentAsync("cam-01", Segment(i * 10), Ct);
            await outbox.EnqueueMotionAsync("cam-02", Motion($"m-{i}", i), Ct);
        }

        await outbox.EnqueueGateAsync("poort", new GatePayload("g-1", T0, "forced", null), Ct);
        await outbox.EnqueueGateAsync("poort", new GatePayload("g-2", T0, "closed", null), Ct);
        await outbox.EnqueueMotionAsync("cam-02", Motion("m-5", 5), Ct);

        Assert.Equal(new OutboxStats(10, outbox.Stats.Bytes, 0, 3, 0), outbox.Stats);
        Assert.Equal(3, Interlocked.Read(ref droppedByMetric));
        Assert.Equal(3, health.Snapshot().DroppedFootageEvents);
        Assert.Contains(logger.At(LogLevel.Warning), m => m.Contains("Outbox full", StringComparison.Ordinal) && m.Contains("footage", StringComparison.Ordinal));
        await outbox.DisposeAsync();

        // The drops are durable: a restart hands out exactly what was kept, in order.
        await using var reopened = Open(maxEvents: 10);
        Assert.Equal(
            ["m-0", "m-1", "m-2", "s-20261122T100030000Z", "m-3", "s-20261122T100040000Z", "m-4", "g-1", "g-2", "m-5"],
            Drain(reopened).OrderBy(m => m.Sequence).Select(m => m.EventId));
    }

    [Fact]
    public async Task Full_outbox_without_footage_drops_the_oldest_event()
    {
        await using var outbox = Open(maxEvents: 10);
        for (var i = 0; i < 12; i++)
        {
            await outbox.EnqueueMotionAsync("cam-01", Motion($"m-{i}", i), Ct);
        }

        Assert.Equal((10, 2L), (outbox.Stats.Events, outbox.Stats.DroppedOther));
        Assert.Equal("m-2", Drain(outbox)[0].EventId);
    }

    [Fact]
    public async Task A_long_outage_with_drops_keeps_the_journal_near_its_bound()
    {
        var outbox = Open(maxEvents: 20, journalFileBytes: 16 * 1024);
        for (var i = 0; i < 400; i++)
        {
            if (i % 40 == 0)
            {
                await outbox.EnqueueGateAsync("poort", new GatePayload($"g-{i}", T0.AddSeconds(i), "forced", null), Ct);
            }

            await outbox.EnqueueSegmentAsync("cam-01", Segment(i * 10), Ct);
            if (i % 20 == 0)
            {
                await outbox.CheckpointAsync(Ct);
            }
        }

        for (var i = 0; i < 20; i++)
        {
            await outbox.CheckpointAsync(Ct);
        }

        // 410 events went in; 20 are kept (the 10 gate events and the 10 newest segments), and files of dropped
        // records were deleted or rewritten without them.
        var files = Directory.GetFiles(Path.Combine(Folder.Path, "outbox", "journal")).Order(StringComparer.Ordinal).Select(f => new FileInfo(f).Length).ToList();
        Assert.True(files.Sum() < (2 * 20 * 450) + (2 * 16 * 1024), $"journal holds {files.Sum()} bytes for 20 events");
        Assert.All(files.SkipLast(2), length => Assert.True(length < 1024, $"a closed file of {length} bytes was not rewritten without its dropped records"));
        await outbox.DisposeAsync();

        await using var reopened = Open(maxEvents: 20);
        var left = Drain(reopened);
        Assert.Equal(20, left.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"g-{i * 40}"), left.Where(m => m.Kind == OutboxEventKind.Gate).Select(m => m.EventId));
        Assert.Equal(Enumerable.Range(390, 10).Select(i => FootageId(i * 10)), left.Where(m => m.Kind == OutboxEventKind.Segment).Select(m => m.EventId));
    }

    [Fact]
    public async Task Journal_files_of_completed_events_are_deleted()
    {
        await using var outbox = Open(journalFileBytes: 1024);
        for (var i = 0; i < 50; i++)
        {
            await outbox.EnqueueMotionAsync("cam-01", Motion($"m-{i}", i), Ct);
        }

        var journalFolder = Path.Combine(Folder.Path, "outbox", "journal");
        Assert.True(Directory.GetFiles(journalFolder).Length > 3);
        Drain(outbox);
        await outbox.CheckpointAsync(Ct);
        await outbox.CheckpointAsync(Ct);

        Assert.True(Directory.GetFiles(journalFolder).Length <= 1, string.Join(", ", Directory.GetFiles(journalFolder).Select(Path.GetFileName)));
    }

    [Fact]
    public async Task A_record_cut_short_by_a_crash_is_dropped_and_the_rest_is_kept()
    {
        var logger = new TestLogger<EdgeOutbox>();
        var outbox = Open();
        await outbox.EnqueueMotionAsync("cam-01", Motion("m-1", 0), Ct);
        await outbox.EnqueueMotionAsync("cam-01", Motion("m-2", 1), Ct);
        await KilledAgent.KillAsync(outbox, Path.Combine(Folder.Path, "outbox"));
        var journal = Directory.GetFiles(Path.Combine(Folder.Path, "outbox", "journal")).Single();
        await File.AppendAllTextAsync(journal, """{"seq":3,"kind":"motion","source":"cam-01","top""", Ct);

        await using (var reopened = Open(logger: logger))
        {
            Assert.Equal(["m-1", "m-2"], Drain(reopened).Select(m => m.EventId));
            Assert.True(await reopened.EnqueueMotionAsync("cam-01", Motion("m-3", 2), Ct));
        }

        Assert.Contains(logger.At(LogLevel.Warning), m => m.Contains("interrupted", StringComparison.Ordinal));
        await using var again = Open();
        Assert.Equal(["m-3"], Drain(again).Select(m => m.EventId));
    }

    [Fact]
    public async Task Events_that_break_contract_v1_are_refused_at_the_door()
    {
        await using var outbox = Open();
        await Assert.ThrowsAsync<ArgumentException>(() => outbox.EnqueueMotionAsync("Cam 1", Motion("m-1", 0), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => outbox.EnqueueMotionAsync("cam-01", Motion("a/b", 0), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => outbox.EnqueueMotionAsync("cam-01", Motion(new string('x', 65), 0), Ct));
        Assert.Equal(0, outbox.Stats.Events);
    }

    internal static MotionPayload Motion(string id, int second) => new(id, T0.AddSeconds(second), "start", "gate", null, 0.5);

    internal static SegmentPayload Segment(int second) =>
        new(FootageId(second), T0.AddSeconds(second), T0.AddSeconds(second + 10), $"footage/{Site}/cam-01/2026/11/22/10/x.mp4", 1000, new string('a', 64));

    private static string FootageId(int second) => EdgeEventIds.Segment(T0.AddSeconds(second));

    internal static List<OutboxMessage> Drain(EdgeOutbox outbox)
    {
        var messages = new List<OutboxMessage>();
        while (outbox.TryTake(out var message))
        {
            messages.Add(message);
            outbox.Complete(message);
        }

        return messages;
    }

    private EdgeOutbox Open(int maxEvents = 1000, long journalFileBytes = 4 << 20, ILogger<EdgeOutbox>? logger = null, TimeProvider? time = null, EdgeHealth? health = null) =>
        new(new EdgeOutboxOptions
        {
            Folder = Path.Combine(Folder.Path, "outbox"),
            Site = Site,
            MaxEvents = maxEvents,
            JournalFileBytes = journalFileBytes,
        }, logger, time, health);
}
