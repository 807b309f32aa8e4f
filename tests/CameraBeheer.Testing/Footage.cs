using System.Diagnostics;
using System.Globalization;

namespace CameraBeheer.Testing;

/// <summary>
/// Real footage: one 10-second H.264 clip (320×240, 25 frames a second, a key frame every second, no audio) made once
/// per run with ffmpeg's <c>lavfi</c> test source, and placed into a host's data folder under the footage layout, as the
/// edge uploads it.
/// </summary>
public static class Footage
{
    public const int Width = 320;
    public const int Height = 240;
    public const int FrameRate = 25;

    /// <summary>Frames between key frames, so one key frame interval is one second.</summary>
    public const int KeyFrameInterval = 25;

    public static readonly TimeSpan SegmentLength = TimeSpan.FromSeconds(10);

    private static readonly Lazy<Task<string>> Clip = new(MakeClipAsync);

    /// <summary>The encoder's arguments (also quoted by the benchmarks' README): key frames exactly every second, one thread.</summary>
    public static string OutputArguments => string.Create(CultureInfo.InvariantCulture,
        $"-c:v libx264 -preset ultrafast -g {KeyFrameInterval} -keyint_min {KeyFrameInterval} -sc_threshold 0 -pix_fmt yuv420p -threads 1 -an -movflags +faststart");

    /// <summary>The clip's file (made on first use); copy it, never change it.</summary>
    public static Task<string> ClipAsync() => Clip.Value;

    /// <summary>Places segments of <paramref name="camera"/> starting at each of <paramref name="starts"/> (UTC) into the host's local store.</summary>
    public static async Task PlaceAsync(string dataDirectory, string site, string camera, IEnumerable<DateTimeOffset> starts)
    {
        foreach (var start in starts) await PlaceAsync(dataDirectory, site, camera, start);
    }

    /// <summary>Places one segment of <paramref name="camera"/> starting at <paramref name="start"/> (UTC); returns its file.</summary>
    public static async Task<string> PlaceAsync(string dataDirectory, string site, string camera, DateTimeOffset start)
    {
        var clip = await Clip.Value;
        var t = start.UtcDateTime;
        var folder = Path.Combine(dataDirectory, "footage", site, camera, t.ToString("yyyy/MM/dd/HH", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, t.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ".mp4");
        File.Copy(clip, file, overwrite: true);
        return file;
    }

    /// <summary><paramref name="count"/> back-to-back segment starts from <paramref name="first"/>.</summary>
    public static IEnumerable<DateTimeOffset> Segments(DateTimeOffset first, int count) =>
        Enumerable.Range(0, count).Select(i => first + (i * SegmentLength));

    private static async Task<string> MakeClipAsync()
    {
        var path = Path.Combine(TestPaths.NewFolder("clip"), "clip.mp4");
        var info = new ProcessStartInfo("ffmpeg");
        foreach (var a in new[] { "-loglevel", "error", "-y", "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc=size={Width}x{Height}:rate={FrameRate}:duration={SegmentLength.TotalSeconds}") })
            info.ArgumentList.Add(a);
        foreach (var a in OutputArguments.Split(' ')) info.ArgumentList.Add(a);
        info.ArgumentList.Add(path);
        using var ffmpeg = ServerProcess.Start(info);
        await ffmpeg.WaitForExitAsync();
        return ffmpeg.ExitCode == 0 ? path : throw new InvalidOperationException($"ffmpeg could not make the test clip: {ffmpeg.Output}");
    }
}
