using System.Collections.Concurrent;
using System.Diagnostics;

namespace CameraBeheer.Edge.Tests.Video;

/// <summary>The recorder when a source is unreachable or ffmpeg dies: offline, backoff, restart, and no harm to other cameras.</summary>
public sealed class SegmentRecorderRecoveryTests
{
    private static readonly TimeSpan Frame = TimeSpan.FromSeconds(0.1);

    [Fact]
    public async Task Unreachable_sources_go_offline_and_retry_with_backoff_while_a_good_camera_keeps_recording()
    {
        var ct = TestContext.Current.CancellationToken;
        var clip = await TestVideo.AlwaysMovingClipAsync();
        var spool = TestVideo.NewFolder("spool");
        var options = new SegmentRecorderOptions { SpoolDirectory = spool, SegmentDuration = TimeSpan.FromSeconds(1) };
        var states = new ConcurrentQueue<CameraStatusChanged>();
        var segments = new ConcurrentQueue<FinishedSegment>();
        ValueTask OnStatus(CameraStatusChanged s, CancellationToken _) { states.Enqueue(s); return ValueTask.CompletedTask; }
        ValueTask OnSegment(FinishedSegment s, CancellationToken _) { segments.Enqueue(s); return ValueTask.CompletedTask; }

        var noServer = new SegmentRecorder("cam-02", new VideoSource("rtsp://127.0.0.1:1/none"), options, OnSegment, OnStatus);
        var noFile = new SegmentRecorder("cam-03", new VideoSource(Path.Combine(spool, "no-such-camera.mp4")) { Realtime = true }, options, OnSegment, OnStatus);
        var good = new SegmentRecorder("cam-01", VideoSource.LoopedFile(clip), options, OnSegment, OnStatus);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(TimeSpan.FromSeconds(5.5));
        await Task.WhenAll(noServer.RunAsync(stop.Token), noFile.RunAsync(stop.Token), good.RunAsync(stop.Token));

        // Starts at about 0, 1 and 3 s (waits of 1, 2, 4 s): not a tight loop, and not given up.
        Assert.InRange(noServer.Runs, 2, 4);
        Assert.InRange(noFile.Runs, 2, 4);
        var down = Assert.Single(states, s => s.Camera == "cam-02");
        Assert.Equal(CameraState.Offline, down.State);
        Assert.Contains("Connection refused", down.Reason, StringComparison.Ordinal);
        var missing = Assert.Single(states, s => s.Camera == "cam-03");
        Assert.Contains("No such file or directory", missing.Reason, StringComparison.Ordinal);

        Assert.Equal(1, good.Runs);
        Assert.True(segments.Count(s => s.Camera == "cam-01") >= 3, $"the good camera recorded {segments.Count(s => s.Camera == "cam-01")} segments");
        Assert.DoesNotContain(segments, s => s.Camera != "cam-01");
        Assert.Equal([CameraState.Online, CameraState.Offline], states.Where(s => s.Camera == "cam-01").Select(s => s.State));
    }

    [Fact]
    public async Task Ffmpeg_that_dies_is_restarted_and_the_camera_comes_back_online()
    {
        var ct = TestContext.Current.CancellationToken;
        var clip = await TestVideo.AlwaysMovingClipAsync();
        var spool = TestVideo.NewFolder("spool");
        var segments = new ConcurrentQueue<FinishedSegment>();
        var states = new ConcurrentQueue<CameraStatusChanged>();
        // Played once in real time, not looped: ffmpeg exits after 4 s, as if the camera dropped the connection.
        var recorder = new SegmentRecorder("cam-01", new VideoSource(clip) { Realtime = true },
            new SegmentRecorderOptions { SpoolDirectory = spool, SegmentDuration = TimeSpan.FromSeconds(1) },
            (s, _) => { segments.Enqueue(s); return ValueTask.CompletedTask; },
            (s, _) => { states.Enqueue(s); return ValueTask.CompletedTask; });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = recorder.RunAsync(stop.Token);
        await SegmentRecorderTests.WaitUntilAsync(() => recorder.Runs >= 2 && states.Count >= 3, TimeSpan.FromSeconds(20), ct);
        await stop.CancelAsync();
        await running;

        Assert.Equal([CameraState.Online, CameraState.Offline, CameraState.Online], states.Take(3).Select(s => s.State));
        Assert.StartsWith("the source ended its stream", states.ElementAt(1).Reason, StringComparison.Ordinal);
        Assert.True(segments.Count >= 3);
        var ordered = segments.ToList();
        for (var i = 1; i < ordered.Count; i++) Assert.True(ordered[i].Start >= ordered[i - 1].End - Frame, "segments go forward in time");
    }

    [Fact]
    public async Task Ffmpeg_left_recording_by_a_killed_agent_is_stopped_when_the_recorder_starts_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var clip = await TestVideo.AlwaysMovingClipAsync();
        var spool = TestVideo.NewFolder("spool");
        var folder = SegmentSpool.CameraDirectory(spool, "cam-01");
        Directory.CreateDirectory(folder);

        // What a killed agent leaves behind: its ffmpeg still recording into the camera's folder, and the pid file.
        var info = new ProcessStartInfo(FfmpegBinaries.Ffmpeg) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in SegmentRecorder.BuildArguments(VideoSource.LoopedFile(clip), Path.Combine(folder, SegmentSpool.RecordingPrefix + "orphan-%06d.mp4"), TimeSpan.FromSeconds(1)))
            info.ArgumentList.Add(a);
        using var orphan = Process.Start(info)!;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "ffmpeg.pid"), orphan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
            var recorder = new SegmentRecorder("cam-01", new VideoSource("rtsp://127.0.0.1:1/none"), new SegmentRecorderOptions { SpoolDirectory = spool },
                (_, _) => ValueTask.CompletedTask);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            stop.CancelAfter(TimeSpan.FromSeconds(0.5));
            await recorder.RunAsync(stop.Token);

            Assert.True(orphan.WaitForExit(TimeSpan.FromSeconds(5)), "the orphaned ffmpeg still runs");
            Assert.False(File.Exists(recorder.PidFile));
        }
        finally
        {
            if (!orphan.HasExited) orphan.Kill();
        }
    }
}
