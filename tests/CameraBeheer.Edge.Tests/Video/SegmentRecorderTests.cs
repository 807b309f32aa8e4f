using System.Collections.Concurrent;

namespace CameraBeheer.Edge.Tests.Video;

/// <summary>The recorder with the real ffmpeg, on a generated clip played in a loop as a live camera.</summary>
public sealed class SegmentRecorderTests
{
    /// <summary>One frame of the test clip (10 fps).</summary>
    private static readonly TimeSpan Frame = TimeSpan.FromSeconds(0.1);

    [Fact]
    public async Task Segments_are_contiguous_playable_and_stream_copied()
    {
        var ct = TestContext.Current.CancellationToken;
        var clip = await TestVideo.AlwaysMovingClipAsync();
        var spool = TestVideo.NewFolder("spool");
        var segments = new ConcurrentQueue<FinishedSegment>();
        var states = new ConcurrentQueue<CameraStatusChanged>();
        var recorder = new SegmentRecorder("cam-01", VideoSource.LoopedFile(clip),
            new SegmentRecorderOptions { SpoolDirectory = spool, SegmentDuration = TimeSpan.FromSeconds(2) },
            (s, _) => { segments.Enqueue(s); return ValueTask.CompletedTask; },
            (s, _) => { states.Enqueue(s); return ValueTask.CompletedTask; });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = recorder.RunAsync(stop.Token);
        await WaitUntilAsync(() => segments.Count >= 3, TimeSpan.FromSeconds(20), ct);
        await Task.Delay(500, ct);
        await stop.CancelAsync();
        await running;
        var stoppedAt = DateTimeOffset.UtcNow;

        // Three full segments of 2 s and the one closed by the stop.
        var list = segments.ToList();
        Assert.True(list.Count >= 4, $"{list.Count} segments");
        Assert.Equal(1, recorder.Runs);
        Assert.Equal([CameraState.Online, CameraState.Offline], states.Select(s => s.State));
        Assert.All(list.SkipLast(1), s => Assert.Equal(TimeSpan.FromSeconds(2), s.Duration));

        var source = await TestVideo.ProbeAsync(clip, ct);
        var sourcePackets = (await TestVideo.PacketHashesAsync(clip, ct)).ToHashSet();
        var probed = TimeSpan.Zero;
        for (var i = 0; i < list.Count; i++)
        {
            var segment = list[i];
            Assert.True(File.Exists(segment.Path), $"{segment.Path} is gone");
            Assert.True(SegmentSpool.TryParseFinished(segment.Path, out var named, out _));
            Assert.Equal(segment.Start, named);
            if (i > 0)
            {
                var gap = (segment.Start - list[i - 1].End).Duration();
                Assert.True(gap <= Frame, $"segment {i} starts {TestVideo.S(gap)} s away from the end of segment {i - 1}");
            }

            // Playable, as long as it says, and the very same codec and packets as the camera's.
            var probe = await TestVideo.ProbeAsync(segment.Path, ct);
            var video = Assert.Single(probe.VideoStreams);
            Assert.True((probe.Duration - segment.Duration).Duration() <= Frame, $"segment {i} plays {TestVideo.S(probe.Duration)} s but covers {TestVideo.S(segment.Duration)} s");
            Assert.Equal(source.PrimaryVideoStream!.CodecName, video.CodecName);
            Assert.Equal(source.PrimaryVideoStream.Profile, video.Profile);
            Assert.Equal((source.PrimaryVideoStream.Width, source.PrimaryVideoStream.Height), (video.Width, video.Height));
            Assert.Empty(probe.AudioStreams);
            var packets = await TestVideo.PacketHashesAsync(segment.Path, ct);
            Assert.NotEmpty(packets);
            Assert.All(packets, p => Assert.Contains(p, sourcePackets));
            probed += probe.Duration;
        }

        var recorded = list[^1].End - list[0].Start;
        Assert.True((probed - recorded).Duration() <= Frame, $"segments play {TestVideo.S(probed)} s in all for {TestVideo.S(recorded)} s recorded");
        Assert.Empty(Directory.GetFiles(recorder.Directory, SegmentSpool.RecordingPrefix + "*"));
        // Segment times tell the wall-clock time: the last one ends about when the recorder was stopped.
        Assert.True((stoppedAt - list[^1].End).Duration() < TimeSpan.FromSeconds(1.5), $"last segment ends at {list[^1].End:O}, stopped at {stoppedAt:O}");
    }

    [Fact]
    public async Task Finished_segments_left_in_the_spool_are_announced_again_and_unfinished_ones_removed()
    {
        var ct = TestContext.Current.CancellationToken;
        var spool = TestVideo.NewFolder("spool");
        var folder = SegmentSpool.CameraDirectory(spool, "cam-01");
        Directory.CreateDirectory(folder);
        var start = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        var leftover = Path.Combine(folder, SegmentSpool.FinishedFileName(start, start.AddSeconds(10)));
        await File.WriteAllBytesAsync(leftover, [1, 2, 3], ct);
        var unfinished = Path.Combine(folder, SegmentSpool.RecordingPrefix + "20261122T100010000-000001.mp4");
        await File.WriteAllBytesAsync(unfinished, [1, 2, 3], ct);
        var segments = new ConcurrentQueue<FinishedSegment>();
        var recorder = new SegmentRecorder("cam-01", new VideoSource("rtsp://127.0.0.1:1/none"), new SegmentRecorderOptions { SpoolDirectory = spool },
            (s, _) => { segments.Enqueue(s); return ValueTask.CompletedTask; });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(TimeSpan.FromSeconds(0.5));
        await recorder.RunAsync(stop.Token);

        Assert.Equal(new FinishedSegment("cam-01", start, start.AddSeconds(10), leftover), Assert.Single(segments));
        Assert.False(File.Exists(unfinished));
    }

    [Fact]
    public void Spool_names_carry_the_segment_times()
    {
        var start = new DateTimeOffset(2026, 11, 22, 10, 0, 0, 250, TimeSpan.Zero);
        var name = SegmentSpool.FinishedFileName(start, start.AddSeconds(10));

        Assert.Equal("20261122T100000.250Z_20261122T100010.250Z.mp4", name);
        Assert.True(SegmentSpool.TryParseFinished(Path.Combine("spool", "cam-01", name), out var s, out var e));
        Assert.Equal((start, start.AddSeconds(10)), (s, e));
        Assert.False(SegmentSpool.TryParseFinished("rec-20261122T100000000-000001.mp4", out _, out _));
    }

    [Fact]
    public void Segment_list_lines_of_ffmpeg_are_read_with_their_stream_times()
    {
        Assert.True(SegmentList.TryParseEntry("rec-20261122T100000000-000002.mp4,4.000000,5.300000", out var name, out var start, out var end));
        Assert.Equal(("rec-20261122T100000000-000002.mp4", TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5.3)), (name, start, end));
        Assert.False(SegmentList.TryParseEntry("../evil.mp4,0,1", out _, out _, out _));
        Assert.False(SegmentList.TryParseEntry("garbage", out _, out _, out _));
    }

    [Fact]
    public async Task Restart_waits_double_from_one_second_up_to_thirty_and_start_over_after_a_good_run()
    {
        var waits = new List<double>();
        var restarts = EdgeRetries.FfmpegRestart<int>(
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new TimersDueAtOnce(), failed: segments => segments == 0, onRetry: retry =>
            {
                waits.Add(retry.RetryDelay.TotalSeconds);
                return ValueTask.CompletedTask;
            });
        var runs = 0;

        await restarts.ExecuteAsync(_ => ValueTask.FromResult(++runs <= 7 ? 0 : 3), TestContext.Current.CancellationToken); // seven failed runs, then a good one

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], waits);
        waits.Clear();
        await restarts.ExecuteAsync(_ => ValueTask.FromResult(waits.Count == 0 ? 0 : 3), TestContext.Current.CancellationToken);
        Assert.Equal(1, waits.Single());
    }

    [Fact]
    public void Recorder_arguments_copy_the_video_into_mp4_segments_with_a_list_on_stdout()
    {
        var arguments = SegmentRecorder.BuildArguments(new VideoSource("rtsp://cam/stream"), "/spool/cam-01/rec-%06d.mp4", TimeSpan.FromSeconds(10));

        Assert.Equal(
            "-hide_banner -nostats -loglevel warning -rtsp_transport tcp -timeout 10000000 -i rtsp://cam/stream -map 0:v:0 -an -sn -dn -c copy "
            + "-f segment -segment_time 10 -segment_format mp4 -reset_timestamps 1 -segment_list pipe:1 -segment_list_type csv /spool/cam-01/rec-%06d.mp4",
            string.Join(' ', arguments));
    }

    internal static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken ct) =>
        Eventually.UntilAsync(condition, "the recorder's condition", timeout, every: TimeSpan.FromMilliseconds(100));

    /// <summary>The clock of the pipeline's waits, without the waiting: every timer is due at once (its wait is recorded by the pipeline).</summary>
    private sealed class TimersDueAtOnce : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            TimeProvider.System.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}
