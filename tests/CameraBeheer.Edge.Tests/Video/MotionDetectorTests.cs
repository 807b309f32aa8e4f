using System.Diagnostics;

namespace CameraBeheer.Edge.Tests.Video;

/// <summary>The motion detector on generated video, decoded by the real ffmpeg.</summary>
public sealed class MotionDetectorTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Box_moving_through_region_A_from_second_3_to_6_starts_and_ends_motion_in_A_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var clip = await TestVideo.BoxThroughRegionAClipAsync();
        var events = new List<MotionDetected>();
        var detector = new MotionDetector("cam-01", new VideoSource(clip), [TestVideo.RegionA, TestVideo.RegionB], new MotionDetectorOptions(),
            (e, _) => { events.Add(e); return ValueTask.CompletedTask; });

        var result = await detector.RunOnceAsync(TestVideo.StreamStart, ct);

        Assert.Equal(40, result.Frames); // 10 s at 4 frames a second
        Assert.Equal("the stream ended", result.Reason);
        Assert.DoesNotContain(events, e => e.Region == "region-b");
        var start = Assert.Single(events, e => e.Phase == MotionPhase.Start);
        var end = Assert.Single(events, e => e.Phase == MotionPhase.End);
        Assert.Equal("region-a", start.Region);
        Assert.Equal("region-a", end.Region);
        AssertNear(TestVideo.StreamStart + TestVideo.BoxFrom, start.Ts, "start");
        AssertNear(TestVideo.StreamStart + TestVideo.BoxTo, end.Ts, "end");
        Assert.Equal(MotionPhase.Start, events[0].Phase);
        Assert.Equal(MotionPhase.End, events[^1].Phase);
        Assert.All(events, e => Assert.Null(e.Preset));
        Assert.All(events, e => Assert.InRange(e.Score, 0.01, 1));
    }

    [Fact]
    public async Task Same_video_gives_the_same_events()
    {
        var ct = TestContext.Current.CancellationToken;
        var clip = await TestVideo.BoxThroughRegionAClipAsync();

        async Task<List<MotionDetected>> DetectAsync()
        {
            var events = new List<MotionDetected>();
            var detector = new MotionDetector("cam-01", new VideoSource(clip), [TestVideo.RegionA], new MotionDetectorOptions(),
                (e, _) => { events.Add(e); return ValueTask.CompletedTask; });
            await detector.RunOnceAsync(TestVideo.StreamStart, ct);
            return events;
        }

        Assert.Equal(await DetectAsync(), await DetectAsync());
    }

    [Fact]
    public async Task Dome_reports_its_preset_with_motion_seen_on_the_whole_image()
    {
        var ct = TestContext.Current.CancellationToken;
        var clip = await TestVideo.BoxThroughRegionAClipAsync();
        var events = new List<MotionDetected>();
        // A box of 4 % of the image moving a little each frame: thresholds for the whole image are lower than for a region.
        var wholeImage = new MotionDetectorOptions { StartScore = 0.005, EndScore = 0.002 };
        var detector = new MotionDetector("dome-01", new VideoSource(clip), [], wholeImage,
            (e, _) => { events.Add(e); return ValueTask.CompletedTask; },
            presetAt: _ => 3);

        await detector.RunOnceAsync(TestVideo.StreamStart, ct);

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(3, e.Preset));
        Assert.All(events, e => Assert.Null(e.Region));
    }

    [Fact]
    public async Task Unreadable_source_ends_the_run_with_ffmpegs_reason_and_no_events()
    {
        var ct = TestContext.Current.CancellationToken;
        var events = new List<MotionDetected>();
        var missing = Path.Combine(TestVideo.NewFolder("missing"), "no-such-clip.mp4");
        var detector = new MotionDetector("cam-01", new VideoSource(missing), [TestVideo.RegionA], new MotionDetectorOptions(),
            (e, _) => { events.Add(e); return ValueTask.CompletedTask; });

        var result = await detector.RunOnceAsync(TestVideo.StreamStart, ct);

        Assert.Equal(0, result.Frames);
        Assert.Contains("No such file or directory", result.Reason, StringComparison.Ordinal);
        Assert.Empty(events);
    }

    [Fact]
    public async Task Stopping_a_live_detector_stops_its_ffmpeg_promptly()
    {
        var clip = await TestVideo.BoxThroughRegionAClipAsync();
        var detector = new MotionDetector("cam-01", VideoSource.LoopedFile(clip), [TestVideo.RegionA], new MotionDetectorOptions(),
            (_, _) => ValueTask.CompletedTask);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));

        var watch = Stopwatch.StartNew();
        await detector.RunAsync(stop.Token);

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.Equal(1, detector.Runs);
    }

    private static void AssertNear(DateTimeOffset expected, DateTimeOffset actual, string what) =>
        Assert.True((actual - expected).Duration() <= Tolerance,
            $"motion {what} at {TestVideo.S(actual - TestVideo.StreamStart)} s, expected {TestVideo.S(expected - TestVideo.StreamStart)} s ± 1 s");
}
