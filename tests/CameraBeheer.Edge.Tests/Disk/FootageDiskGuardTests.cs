using System.Collections.Concurrent;
using CameraBeheer.Edge.Disk;
using CameraBeheer.Edge.Tests.Messaging;
using CameraBeheer.Edge.Tests.Video;

namespace CameraBeheer.Edge.Tests.Disk;

/// <summary>The low-disk guard where the edge writes footage: with a settable free space, the real recorder and ffmpeg, and a real Mosquitto.</summary>
public sealed class FootageDiskGuardTests() : FolderPerTest("disk")
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task Footage_is_refused_below_the_minimum_and_allowed_again_only_from_the_resume_level()
    {
        var free = new SettableFreeSpace(5000 * MiB);
        var logger = new TestLogger<FootageDiskGuard>();
        var health = new EdgeHealth();
        var guard = new FootageDiskGuard(Options(), free, health, logger);
        Assert.False(guard.RefusingFootage);
        Assert.True(guard.WhenFootageAllowedAsync(Ct).IsCompleted);

        free.Bytes = 900 * MiB;
        Assert.True(guard.Check());
        var waiting = guard.WhenFootageAllowedAsync(Ct);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(new AgentDiskFigures(guard.Figures.Path, 900 * MiB, 1000 * MiB, true, guard.Figures.Since), guard.Figures);
        Assert.NotNull(guard.Figures.Since);

        free.Bytes = 1200 * MiB; // above the minimum, below the resume level: still refused (no flapping)
        Assert.True(guard.Check());
        free.Bytes = 800 * MiB;
        Assert.True(guard.Check());
        Assert.False(waiting.IsCompleted);

        free.Bytes = 1500 * MiB;
        Assert.False(guard.Check());
        await waiting.WaitAsync(TimeSpan.FromSeconds(20), Ct); // the recorders waiting for room are let go
        Assert.Equal((false, (DateTimeOffset?)null), (guard.Figures.RefusingFootage, guard.Figures.Since));

        // Logged once per change, not once per check.
        Assert.Single(logger.At(LogLevel.Error), m => m.Contains("new footage is refused", StringComparison.Ordinal));
        Assert.Single(logger.At(LogLevel.Warning), m => m.Contains("recording resumes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_recorder_stops_ffmpeg_below_the_minimum_resumes_above_it_and_the_agent_status_says_so()
    {
        Assert.True(File.Exists(MosquittoProcess.Binary), $"{MosquittoProcess.Binary} is not installed: ./test.sh installs it");
        await using var broker = await MosquittoProcess.StartAsync(Folder.Sub("mosquitto"));
        var statusTopic = EdgeTopics.AgentStatus("domus-almere-poort", "edge-test");
        await using var statuses = await MqttRecorder.StartAsync(broker.Port, statusTopic);
        using var health = new EdgeHealth();
        await using var outbox = new EdgeOutbox(new EdgeOutboxOptions { Folder = Folder.Sub("outbox"), Site = "domus-almere-poort" }, health: health);
        var publisherOptions = BrokerOutageTests.PublisherOptions(broker.Port);
        publisherOptions.StatusInterval = TimeSpan.FromMilliseconds(200);
        using var publisher = new EdgeMqttPublisher(publisherOptions, outbox, health);
        await publisher.StartAsync(Ct);

        var recording = Folder.Sub("recording");
        var free = new SettableFreeSpace(5000 * MiB);
        var guard = new FootageDiskGuard(Options(recording), free, health);
        var recorderLog = new TestLogger<SegmentRecorder>();
        var segments = new ConcurrentQueue<FinishedSegment>();
        var clip = await TestVideo.AlwaysMovingClipAsync();
        var recorder = new SegmentRecorder("cam-01", VideoSource.LoopedFile(clip),
            new SegmentRecorderOptions { SpoolDirectory = recording, SegmentDuration = TimeSpan.FromSeconds(1) },
            (s, _) => { segments.Enqueue(s); return ValueTask.CompletedTask; },
            logger: recorderLog, footageDisk: guard);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = recorder.RunAsync(stop.Token);
        await Waiting.UntilAsync(() => segments.Count >= 2, "the first segments", TimeSpan.FromSeconds(60));

        free.Bytes = 10 * MiB;
        guard.Check();
        await Waiting.UntilAsync(() => recorderLog.At(LogLevel.Information).Any(m => m.Contains("the footage disk is low", StringComparison.Ordinal)), "ffmpeg stopped for the low disk", TimeSpan.FromSeconds(60));
        var stoppedAt = DateTimeOffset.UtcNow;
        var beforeRefusal = segments.ToList();
        await Waiting.UntilAsync(() => Statuses(statuses).Any(d => d.RefusingFootage), "the agent status with refusingFootage true", TimeSpan.FromSeconds(30));
        var refused = Statuses(statuses).First(d => d.RefusingFootage);
        Assert.Equal((10 * MiB, 1000 * MiB, Path.GetFullPath(recording)), (refused.FreeBytes, refused.MinimumFreeBytes, refused.Path));
        Assert.Equal(1, recorder.Runs);
        Assert.Empty(Directory.GetFiles(recorder.Directory, SegmentSpool.RecordingPrefix + "*"));

        free.Bytes = 4000 * MiB;
        var resumedAt = DateTimeOffset.UtcNow;
        guard.Check();
        await Waiting.UntilAsync(() => segments.Count >= beforeRefusal.Count + 2, "segments after the disk has room again", TimeSpan.FromSeconds(60));
        await Waiting.UntilAsync(() => Statuses(statuses).SkipWhile(d => !d.RefusingFootage).Any(d => !d.RefusingFootage), "the agent status with refusingFootage false", TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await running;

        // While refused, no segment was started: each starts before ffmpeg was stopped or after footage was allowed again.
        // (The first run's last segment, closed by the stop, may be reported just after the stop was logged.)
        // Segment times are whole milliseconds (rounded): the resume is compared at that resolution.
        var resumedAtMillisecond = resumedAt.AddTicks(-(resumedAt.UtcTicks % TimeSpan.TicksPerMillisecond));
        var startedWhileRefused = segments.Where(s => s.Start > stoppedAt && s.Start < resumedAtMillisecond).ToList();
        Assert.True(startedWhileRefused.Count == 0,
            $"a segment starting {startedWhileRefused.FirstOrDefault()?.Start:O} was recorded while footage was refused (stopped {stoppedAt:O}, resumed {resumedAt:O})");
        Assert.Contains(segments, s => s.Start > stoppedAt); // recording went on after the resume
        Assert.Equal(2, recorder.Runs);
        // Nothing was deleted to make room.
        Assert.All(beforeRefusal, s => Assert.True(File.Exists(s.Path), $"{s.Path} was deleted"));
        await publisher.StopAsync(Ct);
    }

    private static List<AgentDiskFigures> Statuses(MqttRecorder recorder) =>
        [.. recorder.Messages
            .Select(m => JsonSerializer.Deserialize(m.Payload, AgentJsonContext.Default.AgentStatusPayload)?.Disk)
            .OfType<AgentDiskFigures>()];

    private FootageDiskGuardOptions Options(string? folder = null) => new()
    {
        Folder = folder ?? Folder.Sub("recording"),
        MinimumFreeBytes = 1000 * MiB,
        ResumeFreeBytes = 1500 * MiB,
    };

    private sealed class SettableFreeSpace(long bytes) : IFreeSpace
    {
        public long Bytes { get; set; } = bytes;

        public long AvailableBytes(string folder) => Bytes;
    }
}
