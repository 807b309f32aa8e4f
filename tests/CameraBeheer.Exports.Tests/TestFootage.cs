using System.Globalization;
using FFMpegCore;

namespace CameraBeheer.Exports.Tests;

/// <summary>
/// The test footage: one 10-second clip made once per run with ffmpeg's <c>lavfi</c> test source (H.264, 320×240,
/// 25 frames a second, a key frame every second), stored as the segments of the footage layout.
/// </summary>
internal static class TestFootage
{
    public const int Width = 320;
    public const int Height = 240;
    public const int FrameRate = 25;

    /// <summary>Frames between key frames, so one key frame interval is one second.</summary>
    public const int KeyFrameInterval = 25;

    public static readonly TimeSpan SegmentLength = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan KeyFrameSpacing = TimeSpan.FromSeconds((double)KeyFrameInterval / FrameRate);

    private static readonly Lazy<Task<byte[]>> Clip = new(CreateClipAsync);

    /// <summary>The test root: <c>CAMERABEHEER_TEST_ROOT</c> (test.sh cleans it up), else a folder under the system temp folder.</summary>
    public static string Root { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("CAMERABEHEER_TEST_ROOT") is { Length: > 0 } root ? root : Path.Combine(Path.GetTempPath(), "camerabeheer-tests"),
        "exports");

    /// <summary>The bytes of one 10-second segment.</summary>
    public static Task<byte[]> SegmentAsync() => Clip.Value;

    /// <summary>The ffmpeg command line the clip is made with (also used by the benchmark's README).</summary>
    public static string OutputArguments => string.Create(CultureInfo.InvariantCulture,
        $"-c:v libx264 -preset ultrafast -g {KeyFrameInterval} -keyint_min {KeyFrameInterval} -sc_threshold 0 -pix_fmt yuv420p -threads 1 -an");

    public static Task<IMediaAnalysis> ProbeAsync(string path) =>
        FFProbe.AnalyseAsync(path, cancellationToken: TestContext.Current.CancellationToken);

    private static async Task<byte[]> CreateClipAsync()
    {
        var folder = Path.Combine(Root, "clips");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"testsrc-{Guid.NewGuid():N}.mp4");
        var source = string.Create(CultureInfo.InvariantCulture, $"testsrc=size={Width}x{Height}:rate={FrameRate}:duration={SegmentLength.TotalSeconds}");
        var result = await FFMpegArguments
            .FromFileInput(source, verifyExists: false, o => o.ForceFormat("lavfi"))
            .OutputToFile(path, overwrite: true, o => o.WithCustomArgument(OutputArguments))
            .ProcessAsynchronously(false, GlobalFFOptions.Current, CancellationToken.None);
        if (!result.Success)
            throw new InvalidOperationException($"ffmpeg could not make the test clip: {string.Join(" | ", result.StandardError.TakeLast(3))}");
        var bytes = await File.ReadAllBytesAsync(path);
        File.Delete(path);
        return bytes;
    }
}
