using FFMpegCore;

namespace CameraBeheer.Exports.Tests;

/// <summary>
/// The test footage: the test kit's lavfi clip (<see cref="Footage"/>: H.264, 320×240, 25 frames a second, a key frame
/// every second, 10 seconds), stored as the segments of the footage layout.
/// </summary>
internal static class TestFootage
{
    public const int Width = Footage.Width;
    public const int Height = Footage.Height;
    public const int FrameRate = Footage.FrameRate;

    /// <summary>Frames between key frames, so one key frame interval is one second.</summary>
    public const int KeyFrameInterval = Footage.KeyFrameInterval;

    public static readonly TimeSpan SegmentLength = Footage.SegmentLength;
    public static readonly TimeSpan KeyFrameSpacing = TimeSpan.FromSeconds((double)KeyFrameInterval / FrameRate);

    private static readonly Lazy<Task<byte[]>> Clip = new(async () => await File.ReadAllBytesAsync(await Footage.ClipAsync()));

    /// <summary>The export tests' folders, under the test root (test.sh cleans it up).</summary>
    public static string Root { get; } = Path.Combine(TestPaths.TestRoot, "exports");

    /// <summary>The bytes of one 10-second segment.</summary>
    public static Task<byte[]> SegmentAsync() => Clip.Value;

    public static Task<IMediaAnalysis> ProbeAsync(string path) =>
        FFProbe.AnalyseAsync(path, cancellationToken: TestContext.Current.CancellationToken);
}
