using CameraBeheer.Storage.Retention;
using FFMpegCore;

namespace CameraBeheer.Exports.Tests;

/// <summary>The control room's still frames, made by real ffmpeg from real segments in a local-disk store.</summary>
public sealed class StillFramesTests
{
    private const string Site = ExportScenario.Site;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_frame_is_a_jpeg_of_the_newest_segment_found_across_days_and_hours_and_files_that_are_not_footage_are_passed_over()
    {
        using var scenario = new ExportScenario();
        await scenario.SeedAsync("cam-01", ExportScenario.At(9, 0, 0), ExportScenario.At(23, 59, 50));
        var newest = new DateTimeOffset(2026, 11, 21, 0, 0, 10, TimeSpan.Zero);
        await scenario.SeedAsync("cam-01", newest);
        // Later names that are not segments of the layout: never chosen.
        await scenario.Store.PutAsync($"footage/{Site}/cam-01/2026/11/21/00/20261121T000500Z.mp4.part", new byte[] { 1 }, BlobCondition.None, Ct);
        await scenario.Store.PutAsync($"footage/{Site}/cam-01/2026/11/21/00/notes.txt", new byte[] { 1 }, BlobCondition.None, Ct);
        var stills = new StillFrames(scenario.Store, scenario.Options, new Clock());

        var frame = await stills.LatestAsync(Site, "cam-01", Ct);

        Assert.NotNull(frame);
        Assert.Equal((FootageLayout.BlobName(Site, "cam-01", newest), newest), (frame.Segment, frame.SegmentStart));
        var jpeg = Path.Combine(scenario.Folder, "frame.jpg");
        await File.WriteAllBytesAsync(jpeg, frame.Jpeg, Ct);
        var picture = await FFProbe.AnalyseAsync(jpeg, cancellationToken: Ct);
        Assert.Equal(("mjpeg", 480, 360), (picture.PrimaryVideoStream!.CodecName, picture.PrimaryVideoStream.Width, picture.PrimaryVideoStream.Height));
        Assert.Empty(Directory.GetFiles(scenario.Options.TempDirectory));
    }

    [Fact]
    public async Task A_frame_is_kept_for_ten_seconds_then_a_newer_segment_gives_a_new_one_and_a_camera_without_footage_has_none()
    {
        using var scenario = new ExportScenario();
        var clock = new Clock();
        var stills = new StillFrames(scenario.Store, scenario.Options, clock);
        Assert.Null(await stills.LatestAsync(Site, "cam-02", Ct));

        await scenario.SeedAsync("cam-02", ExportScenario.At(10, 0, 0));
        // Within the period the store is not looked at again: still none.
        Assert.Null(await stills.LatestAsync(Site, "cam-02", Ct));
        clock.Now += StillFrames.RefreshEvery;
        var first = await stills.LatestAsync(Site, "cam-02", Ct);
        Assert.Equal(ExportScenario.At(10, 0, 0), first!.SegmentStart);

        await scenario.SeedAsync("cam-02", ExportScenario.At(10, 0, 10));
        Assert.Same(first, await stills.LatestAsync(Site, "cam-02", Ct));
        clock.Now += StillFrames.RefreshEvery;
        var second = await stills.LatestAsync(Site, "cam-02", Ct);
        Assert.Equal(ExportScenario.At(10, 0, 10), second!.SegmentStart);
        // No newer segment: the same frame, not made again.
        clock.Now += StillFrames.RefreshEvery;
        Assert.Same(second, await stills.LatestAsync(Site, "cam-02", Ct));
    }

    [Fact]
    public async Task A_damaged_newest_segment_is_refused_in_words_and_the_store_keeps_it()
    {
        using var scenario = new ExportScenario();
        var name = FootageLayout.BlobName(Site, "cam-03", ExportScenario.At(11, 0, 0));
        await scenario.Store.PutAsync(name, "not a video"u8.ToArray(), BlobCondition.None, Ct);
        var stills = new StillFrames(scenario.Store, scenario.Options, new Clock());

        var refused = await Assert.ThrowsAsync<StillFrameException>(() => stills.LatestAsync(Site, "cam-03", Ct));

        Assert.StartsWith("ffmpeg could not make a still frame of the newest segment of camera cam-03", refused.Message);
        Assert.NotNull(await scenario.Store.GetAsync(name, Ct));
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
