using System.Diagnostics;
using System.Drawing;
using System.Globalization;
using FFMpegCore;

namespace CameraBeheer.Edge.Tests.Video;

/// <summary>The edge's test video: clips generated once per test run with ffmpeg, folders under the test root, and ffprobe.</summary>
internal static class TestVideo
{
    /// <summary>The stream start that motion tests anchor frame times to.</summary>
    public static readonly DateTimeOffset StreamStart = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The region the scripted box moves through: the left half, middle band.</summary>
    public static readonly Region RegionA = Region.Rectangle("region-a", 0, 0.25, 0.5, 0.5);

    /// <summary>A region the box never reaches: the right 30 % of the image.</summary>
    public static readonly Region RegionB = Region.Rectangle("region-b", 0.7, 0, 0.3, 1);

    /// <summary>When the box is in view (seconds into the clip).</summary>
    public static readonly TimeSpan BoxFrom = TimeSpan.FromSeconds(3), BoxTo = TimeSpan.FromSeconds(6);

    /// <summary>10 s of gray, 320×240 at 10 fps; a white box moves through <see cref="RegionA"/> from second 3 to 6.</summary>
    public static readonly SampleClip BoxThroughRegionA = new(TimeSpan.FromSeconds(10))
    {
        Boxes = [new MovingBox(BoxFrom, BoxTo, new PointF(0.0f, 0.375f), new PointF(0.34f, 0.375f), new SizeF(0.16f, 0.25f))],
    };

    /// <summary>4 s with a box always moving, so that every packet differs: the camera of the recorder tests (played in a loop).</summary>
    public static readonly SampleClip AlwaysMoving = new(TimeSpan.FromSeconds(4))
    {
        Boxes = [new MovingBox(TimeSpan.Zero, TimeSpan.FromSeconds(4), new PointF(0.05f, 0.1f), new PointF(0.75f, 0.6f), new SizeF(0.2f, 0.3f))],
    };

    private static readonly Lazy<Task<string>> BoxClip = new(() => CreateAsync("box-through-a.mp4", BoxThroughRegionA));
    private static readonly Lazy<Task<string>> MovingClip = new(() => CreateAsync("always-moving.mp4", AlwaysMoving));

    /// <summary>The test root: <c>CAMERABEHEER_TEST_ROOT</c> (test.sh stops every process whose command line names it), else a temp folder.</summary>
    public static string Root { get; } = Path.Combine(TestPaths.TestRoot, "edge-video");

    public static Task<string> BoxThroughRegionAClipAsync() => BoxClip.Value;

    public static Task<string> AlwaysMovingClipAsync() => MovingClip.Value;

    /// <summary>A new empty folder under the test root.</summary>
    public static string NewFolder(string purpose)
    {
        var folder = Path.Combine(Root, $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 9)]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>ffprobe's view of a file (through FFMpegCore, pointed at the same binaries as the edge).</summary>
    public static Task<IMediaAnalysis> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        FfmpegBinaries.ConfigureFFMpegCore();
        return FFProbe.AnalyseAsync(path, cancellationToken: cancellationToken);
    }

    /// <summary>The MD5 of every compressed video packet, in order: equal hashes mean the very same bytes, i.e. no re-encode.</summary>
    public static async Task<IReadOnlyList<string>> PacketHashesAsync(string path, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(FfmpegBinaries.Ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-hide_banner", "-loglevel", "error", "-i", path, "-map", "0:v:0", "-c", "copy", "-f", "framemd5", "-" }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var text = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, $"framemd5 of {path} failed: {await stderr}");
        return [.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(',')[^1].Trim())];
    }

    /// <summary>Seconds with three decimals, for messages.</summary>
    public static string S(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static async Task<string> CreateAsync(string name, SampleClip clip)
    {
        var path = Path.Combine(NewFolder("clips"), name);
        await SampleClips.CreateAsync(clip, path);
        return path;
    }
}
