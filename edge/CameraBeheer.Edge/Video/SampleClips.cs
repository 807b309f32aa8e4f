using System.Drawing;
using System.Text;
using FFMpegCore;

namespace CameraBeheer.Edge.Video;

/// <summary>
/// A white box that appears at <see cref="From"/>, moves in a straight line and disappears at <see cref="To"/>:
/// scripted motion at known times and places. Positions are the box's top-left corner, sizes a fraction of the image.
/// </summary>
public sealed record MovingBox(TimeSpan From, TimeSpan To, PointF StartCorner, PointF EndCorner, SizeF Size)
{
    /// <summary>The box's colour (an ffmpeg colour name).</summary>
    public string Color { get; init; } = "white";

    /// <summary>A box crossing <paramref name="region"/> from left to right through the middle of its bounds, between two times.</summary>
    public static MovingBox Through(Region region, TimeSpan from, TimeSpan to, float size = 0.15f)
    {
        float left = region.Points.Min(p => p.X), right = region.Points.Max(p => p.X);
        float top = region.Points.Min(p => p.Y), bottom = region.Points.Max(p => p.Y);
        var y = (top + bottom) / 2 - size / 2;
        var box = new SizeF(size, size);
        return new MovingBox(from, to, new PointF(left, y), new PointF(Math.Max(left, right - size), y), box);
    }
}

/// <summary>What a sample clip shows: a plain background, boxes moving on a script, at a small size and frame rate.</summary>
/// <param name="Length">How long the clip is.</param>
public sealed record SampleClip(TimeSpan Length)
{
    public int Width { get; init; } = 320;

    public int Height { get; init; } = 240;

    public int FrameRate { get; init; } = 10;

    /// <summary>Frames between key frames: small, so that segments can be cut (by stream copy) close to any length.</summary>
    public int KeyFrameInterval { get; init; } = 10;

    /// <summary>The background colour (an ffmpeg colour name).</summary>
    public string Background { get; init; } = "gray";

    public IReadOnlyList<MovingBox> Boxes { get; init; } = [];
}

/// <summary>
/// Generates sample clips with ffmpeg's <c>lavfi</c> sources, encoded once (H.264, ultrafast, short GOP) so that
/// recorders and detectors can stream-copy and decode them: the test video of the edge, and the simulator's cameras.
/// </summary>
public static class SampleClips
{
    /// <summary>Writes <paramref name="clip"/> to <paramref name="path"/> (an .mp4), through FFMpegCore.</summary>
    public static async Task CreateAsync(SampleClip clip, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clip);
        FfmpegBinaries.ConfigureFFMpegCore();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var result = await FFMpegArguments
            .FromFileInput(BackgroundSource(clip), verifyExists: false, options => options.ForceFormat("lavfi"))
            .OutputToFile(path, overwrite: true, options => options.WithCustomArgument(OutputArguments(clip)))
            .ProcessAsynchronously(false, GlobalFFOptions.Current, cancellationToken)
            .ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Success)
            throw new InvalidOperationException($"ffmpeg could not write the sample clip {path} (exit code {result.ExitCode}): {string.Join(" | ", result.StandardError.TakeLast(3))}");
    }

    /// <summary>The whole ffmpeg command line for <paramref name="clip"/>, for documentation and for running ffmpeg by hand.</summary>
    public static string CommandLine(SampleClip clip, string path) =>
        $"ffmpeg -y -f lavfi -i \"{BackgroundSource(clip)}\" {OutputArguments(clip)} \"{path}\"";

    /// <summary>The ffmpeg filter graph: the boxes laid over the background input <c>[0:v]</c>, ending in <c>[out]</c>.</summary>
    public static string FilterGraph(SampleClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.Boxes.Count == 0) return "[0:v]null[out]";
        var graph = new StringBuilder();
        var previous = "0:v";
        for (var i = 0; i < clip.Boxes.Count; i++)
        {
            var box = clip.Boxes[i];
            if (box.To <= box.From) throw new ArgumentException($"box {i + 1} ends ({box.To}) before it starts ({box.From})");
            var w = Math.Max(2, (int)Math.Round(box.Size.Width * clip.Width));
            var h = Math.Max(2, (int)Math.Round(box.Size.Height * clip.Height));
            double x0 = box.StartCorner.X * clip.Width, x1 = box.EndCorner.X * clip.Width;
            double y0 = box.StartCorner.Y * clip.Height, y1 = box.EndCorner.Y * clip.Height;
            double from = box.From.TotalSeconds, to = box.To.TotalSeconds;
            var output = i == clip.Boxes.Count - 1 ? "out" : $"v{i}";
            graph.Append(CultureInfo.InvariantCulture, $"color=c={box.Color}:s={w}x{h}:r={clip.FrameRate}[b{i}];");
            graph.Append(CultureInfo.InvariantCulture,
                $"[{previous}][b{i}]overlay=x='{N(x0)}+{N(x1 - x0)}*(t-{N(from)})/{N(to - from)}':y='{N(y0)}+{N(y1 - y0)}*(t-{N(from)})/{N(to - from)}':enable='between(t,{N(from)},{N(to)})'[{output}]");
            if (i < clip.Boxes.Count - 1) graph.Append(';');
            previous = output;
        }
        return graph.ToString();
    }

    private static string BackgroundSource(SampleClip clip) =>
        string.Create(CultureInfo.InvariantCulture, $"color=c={clip.Background}:s={clip.Width}x{clip.Height}:r={clip.FrameRate}:d={N(clip.Length.TotalSeconds)}");

    private static string OutputArguments(SampleClip clip) => string.Create(CultureInfo.InvariantCulture,
        $"-filter_complex \"{FilterGraph(clip)}\" -map \"[out]\" -t {N(clip.Length.TotalSeconds)} -c:v libx264 -preset ultrafast -tune zerolatency -g {clip.KeyFrameInterval} -pix_fmt yuv420p -threads 1 -an");

    private static string N(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
