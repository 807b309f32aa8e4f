using System.Security.Cryptography;
using CameraBeheer.Edge.Tests.Messaging;
using CameraBeheer.Edge.Uploading;
using CameraBeheer.Storage;

namespace CameraBeheer.Edge.Tests.Uploading;

public sealed class SegmentUploaderTests() : FolderPerTest("upload")
{
    private const string Site = "domus-almere-poort";
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Segment_is_uploaded_under_its_footage_name_announced_then_deleted_locally()
    {
        var store = new InMemoryBlobStore();
        await using var outbox = OpenOutbox();
        using var uploader = NewUploader(store, outbox);
        await uploader.StartAsync(Ct);
        var content = RandomBytes(5000);
        var file = WriteRecorderFile(content);

        await uploader.SubmitAsync(new SegmentReady("cam-01", T0.AddMilliseconds(123), T0.AddSeconds(10), file), Ct);
        await uploader.WhenIdleAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        const string Name = "footage/domus-almere-poort/cam-01/2026/11/22/10/20261122T100000Z.mp4";
        Assert.Equal(content, (await store.GetAsync(Name, Ct))!.Content.ToArray());
        var message = Assert.Single(EdgeOutboxTests.Drain(outbox));
        Assert.Equal(("cam-01", OutboxEventKind.Segment), (message.Source, message.Kind));
        var payload = JsonDocument.Parse(message.Payload).RootElement;
        Assert.Equal("s-20261122T100000123Z", payload.GetProperty("id").GetString());
        Assert.Equal("2026-11-22T10:00:00.123Z", payload.GetProperty("start").GetString());
        Assert.Equal("2026-11-22T10:00:10.000Z", payload.GetProperty("end").GetString());
        Assert.Equal(Name, payload.GetProperty("object").GetString());
        Assert.Equal(5000, payload.GetProperty("bytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), payload.GetProperty("sha256").GetString());
        Assert.False(File.Exists(file));
        Assert.Empty(Directory.GetFiles(Spool, "*", SearchOption.AllDirectories));
        await uploader.StopAsync(Ct);
    }

    [Fact]
    public async Task One_cameras_segments_are_announced_in_order_while_cameras_upload_side_by_side()
    {
        var store = new InMemoryBlobStore();
        await using var outbox = OpenOutbox();
        using var uploader = NewUploader(store, outbox);
        foreach (var i in new[] { 2, 0, 1 })
        {
            foreach (var camera in new[] { "cam-01", "cam-02" })
            {
                await uploader.SubmitAsync(new SegmentReady(camera, T0.AddSeconds(i * 10), T0.AddSeconds((i * 10) + 10), WriteRecorderFile(RandomBytes(100))), Ct);
            }
        }

        await uploader.StartAsync(Ct);
        await uploader.WhenIdleAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(6, store.Count);
        var messages = EdgeOutboxTests.Drain(outbox).OrderBy(m => m.Sequence).ToList();
        foreach (var camera in new[] { "cam-01", "cam-02" })
        {
            Assert.Equal(
                [EdgeEventIds.Segment(T0), EdgeEventIds.Segment(T0.AddSeconds(10)), EdgeEventIds.Segment(T0.AddSeconds(20))],
                messages.Where(m => m.Source == camera).Select(m => m.EventId));
        }

        await uploader.StopAsync(Ct);
    }

    [Theory]
    [InlineData("Uploaded")] // killed between the upload and the announcement
    [InlineData("Announced")] // killed between the announcement and the local delete
    public async Task Agent_killed_half_way_stores_the_segment_once_and_announces_it_once(string crashAfter)
    {
        var step = Enum.Parse<UploadStep>(crashAfter);
        var store = new InMemoryBlobStore();
        var content = RandomBytes(20_000);
        var file = WriteRecorderFile(content);

        var outbox = OpenOutbox();
        var uploader = NewUploader(store, outbox);
        var crashed = new TaskCompletionSource();
        uploader.AfterStep = async (s, _, ct) =>
        {
            if (s == step)
            {
                crashed.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct); // the process dies here
            }
        };
        await uploader.StartAsync(Ct);
        await uploader.SubmitAsync(new SegmentReady("cam-01", T0, T0.AddSeconds(10), file), Ct);
        await crashed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await uploader.StopAsync(Ct);
        uploader.Dispose();
        await KilledAgent.KillAsync(outbox, Path.Combine(Folder.Path, "outbox"));
        Assert.Single(Directory.GetFiles(Spool, "*.mp4", SearchOption.AllDirectories)); // the spool remembers the unfinished segment

        // The agent starts again on the same folders and the same store.
        var puts = store.Puts;
        await using var restartedOutbox = OpenOutbox();
        using var restarted = NewUploader(store, restartedOutbox);
        await restarted.StartAsync(Ct);
        await restarted.WhenIdleAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var blob = Assert.Single(await ListAsync(store, "footage/"));
        Assert.Equal(content, (await store.GetAsync(blob, Ct))!.Content.ToArray());
        Assert.Equal(puts + 1, store.Puts); // tried again, found the same content, did not overwrite
        var announced = Assert.Single(EdgeOutboxTests.Drain(restartedOutbox));
        Assert.Equal(EdgeEventIds.Segment(T0), announced.EventId);
        Assert.Empty(Directory.GetFiles(Spool, "*", SearchOption.AllDirectories));
        await restarted.StopAsync(Ct);
    }

    [Fact]
    public async Task Agent_killed_after_its_announcement_was_published_is_not_announced_twice_at_the_broker()
    {
        Assert.True(File.Exists(MosquittoProcess.Binary), $"{MosquittoProcess.Binary} is not installed: ./test.sh installs it");
        await using var broker = await MosquittoProcess.StartAsync(Folder.Sub("mosquitto"));
        await using var subscriber = await MqttRecorder.StartAsync(broker.Port, "camerabeheer/v1/#");
        var store = new LocalDiskBlobStore(Folder.Sub("blobs"));
        var file = WriteRecorderFile(RandomBytes(10_000));
        var publisherOptions = BrokerOutageTests.PublisherOptions(broker.Port);

        var outbox = OpenOutbox();
        var publisher = new EdgeMqttPublisher(publisherOptions, outbox);
        await publisher.StartAsync(Ct);
        var uploader = NewUploader(store, outbox);
        var crashed = new TaskCompletionSource();
        uploader.AfterStep = async (s, _, ct) =>
        {
            if (s == UploadStep.Announced)
            {
                // The event reaches the broker and its acknowledgement is saved (the outbox does so every 100 ms) ...
                await Waiting.UntilAsync(() => subscriber.Messages.Count == 1 && outbox.Stats.Events == 0, "the segment event at the broker");
                await outbox.CheckpointAsync(ct);
                crashed.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct); // ... and then the agent dies before deleting the local file.
            }
        };
        await uploader.StartAsync(Ct);
        await uploader.SubmitAsync(new SegmentReady("cam-01", T0, T0.AddSeconds(10), file), Ct);
        await crashed.Task.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        await uploader.StopAsync(Ct);
        uploader.Dispose();
        await publisher.StopAsync(Ct);
        publisher.Dispose();
        await KilledAgent.KillAsync(outbox, Path.Combine(Folder.Path, "outbox"));

        await using var restartedOutbox = OpenOutbox();
        using var restartedPublisher = new EdgeMqttPublisher(publisherOptions, restartedOutbox);
        await restartedPublisher.StartAsync(Ct);
        using var restarted = NewUploader(store, restartedOutbox);
        await restarted.StartAsync(Ct);
        await restarted.WhenIdleAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await Waiting.UntilAsync(() => restartedPublisher.IsConnected && restartedOutbox.Stats.Events == 0, "the restarted agent connected and idle");
        await Task.Delay(500, Ct); // a second announcement would arrive now

        var segments = subscriber.Messages.Where(m => m.Topic.EndsWith("/segment", StringComparison.Ordinal)).ToList();
        Assert.Single(segments);
        Assert.Single(await ListAsync(store, "footage/"));
        Assert.Empty(Directory.GetFiles(Spool, "*", SearchOption.AllDirectories));
        await restarted.StopAsync(Ct);
        await restartedPublisher.StopAsync(Ct);
    }

    [Fact]
    public async Task Different_content_under_the_same_name_is_kept_aside_and_nothing_is_overwritten()
    {
        var store = new InMemoryBlobStore();
        var logger = new TestLogger<SegmentUploader>();
        using var health = new EdgeHealth();
        const string Name = "footage/domus-almere-poort/cam-01/2026/11/22/10/20261122T100000Z.mp4";
        await store.PutAsync(Name, new byte[] { 1, 2, 3 }, BlobCondition.NotExists, Ct);
        await using var outbox = OpenOutbox();
        using var uploader = NewUploader(store, outbox, logger: logger, health: health);
        await uploader.StartAsync(Ct);

        await uploader.SubmitAsync(new SegmentReady("cam-01", T0, T0.AddSeconds(10), WriteRecorderFile(RandomBytes(100))), Ct);
        await uploader.WhenIdleAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(new byte[] { 1, 2, 3 }, (await store.GetAsync(Name, Ct))!.Content.ToArray());
        Assert.Empty(EdgeOutboxTests.Drain(outbox));
        Assert.Single(Directory.GetFiles(Quarantine, "*.mp4", SearchOption.AllDirectories));
        Assert.Contains(logger.At(LogLevel.Error), m => m.Contains(Name, StringComparison.Ordinal) && m.Contains("different content", StringComparison.Ordinal));
        Assert.Equal(1, health.Snapshot().QuarantinedSegments);
        await uploader.StopAsync(Ct);
    }

    [Fact]
    public async Task Store_errors_are_retried_with_backoff_until_the_upload_succeeds()
    {
        var store = new FailingStore(new InMemoryBlobStore(), failures: 3);
        var logger = new TestLogger<SegmentUploader>();
        await using var outbox = OpenOutbox();
        using var uploader = NewUploader(store, outbox, logger: logger);
        await uploader.StartAsync(Ct);

        await uploader.SubmitAsync(new SegmentReady("cam-01", T0, T0.AddSeconds(10), WriteRecorderFile(RandomBytes(100))), Ct);
        await uploader.WhenIdleAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(4, store.PutAttempts);
        Assert.Single(EdgeOutboxTests.Drain(outbox));
        Assert.Contains(logger.At(LogLevel.Warning), m => m.Contains("failed (attempt 1", StringComparison.Ordinal) && m.Contains("storage account unreachable", StringComparison.Ordinal));
        await uploader.StopAsync(Ct);
    }

    [Fact]
    public async Task A_camera_whose_uploads_keep_failing_takes_no_upload_slot_from_another_while_it_waits_to_retry()
    {
        var store = new FailingStore(new InMemoryBlobStore(), failures: int.MaxValue, onlyUnder: "/cam-01/");
        await using var outbox = OpenOutbox();
        using var uploader = new SegmentUploader(
            new SegmentUploaderOptions
            {
                Site = Site,
                SpoolFolder = Spool,
                QuarantineFolder = Quarantine,
                Concurrency = 1,
                MinBackoff = TimeSpan.FromMilliseconds(200),
                MaxBackoff = TimeSpan.FromSeconds(2),
            },
            store,
            outbox);
        await uploader.SubmitAsync(new SegmentReady("cam-01", T0, T0.AddSeconds(10), WriteRecorderFile(RandomBytes(100))), Ct);
        await uploader.SubmitAsync(new SegmentReady("cam-02", T0.AddSeconds(10), T0.AddSeconds(20), WriteRecorderFile(RandomBytes(100))), Ct);
        await uploader.StartAsync(Ct);

        // cam-02's segment leaves the spool just after its announcement: wait for both, or the count below races it.
        await Waiting.UntilAsync(() => outbox.Stats.Events == 1 && store.PutAttempts >= 3 && uploader.PendingCount == 1,
            "cam-02's announcement and its segment gone from the spool while cam-01 keeps failing");

        Assert.Equal(["cam-02"], EdgeOutboxTests.Drain(outbox).Select(m => m.Source));
        Assert.Equal(1, uploader.PendingCount); // cam-01's segment waits for its next attempt
        await uploader.StopAsync(Ct);
    }

    [Fact]
    public async Task Full_spool_deletes_the_oldest_segments_first_and_reports_it()
    {
        var store = new InMemoryBlobStore();
        var logger = new TestLogger<SegmentUploader>();
        using var health = new EdgeHealth();
        await using var outbox = OpenOutbox();
        using var uploader = NewUploader(store, outbox, logger: logger, health: health, maxSpoolBytes: 2500);
        for (var i = 0; i < 4; i++)
        {
            await uploader.SubmitAsync(new SegmentReady("cam-01", T0.AddSeconds(i * 10), T0.AddSeconds((i * 10) + 10), WriteRecorderFile(RandomBytes(1000))), Ct);
        }

        Assert.Equal(2, uploader.PendingCount);
        Assert.Equal((2L, 2000L), (health.Snapshot().DroppedSpoolFiles, health.Snapshot().DroppedSpoolBytes));
        Assert.Contains(logger.At(LogLevel.Warning), m => m.Contains("spool full", StringComparison.Ordinal));

        await uploader.StartAsync(Ct);
        await uploader.WhenIdleAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal([EdgeEventIds.Segment(T0.AddSeconds(20)), EdgeEventIds.Segment(T0.AddSeconds(30))], EdgeOutboxTests.Drain(outbox).Select(m => m.EventId));
        await uploader.StopAsync(Ct);
    }

    [Fact]
    public async Task Handing_over_a_segment_that_does_not_end_after_it_starts_is_refused()
    {
        await using var outbox = OpenOutbox();
        using var uploader = NewUploader(new InMemoryBlobStore(), outbox);
        var file = WriteRecorderFile(RandomBytes(10));

        var e = await Assert.ThrowsAsync<ArgumentException>(() => uploader.SubmitAsync(new SegmentReady("cam-01", T0, T0, file), Ct));
        Assert.Contains("before it starts", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<FileNotFoundException>(() => uploader.SubmitAsync(new SegmentReady("cam-01", T0, T0.AddSeconds(1), file + ".missing"), Ct));
    }

    private string Spool => Path.Combine(Folder.Path, "spool");

    private string Quarantine => Path.Combine(Folder.Path, "quarantine");

    private static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    private static async Task<List<string>> ListAsync(IBlobStore store, string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in store.ListAsync(prefix, Ct))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private string WriteRecorderFile(byte[] content)
    {
        var path = Path.Combine(Folder.Sub("recorder"), $"{Guid.NewGuid():N}.mp4");
        File.WriteAllBytes(path, content);
        return path;
    }

    private EdgeOutbox OpenOutbox() => new(new EdgeOutboxOptions { Folder = Path.Combine(Folder.Path, "outbox"), Site = Site });

    private SegmentUploader NewUploader(IBlobStore store, EdgeOutbox outbox, ILogger<SegmentUploader>? logger = null, EdgeHealth? health = null, long maxSpoolBytes = 1L << 30) =>
        new(new SegmentUploaderOptions
        {
            Site = Site,
            SpoolFolder = Spool,
            QuarantineFolder = Quarantine,
            MaxSpoolBytes = maxSpoolBytes,
            MinBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        }, store, outbox, health, logger);

    /// <summary>A store whose first puts fail, as an unreachable Azure account would.</summary>
    private sealed class FailingStore(IBlobStore inner, int failures, string onlyUnder = "/") : ForwardingBlobStore(inner)
    {
        private int _putAttempts;

        public int PutAttempts => _putAttempts;

        public override Task<string> PutAsync(string name, ReadOnlyMemory<byte> content, BlobCondition condition, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _putAttempts) <= failures && name.Contains(onlyUnder, StringComparison.Ordinal)
                ? Task.FromException<string>(new IOException("storage account unreachable"))
                : Inner.PutAsync(name, content, condition, cancellationToken);
    }
}
