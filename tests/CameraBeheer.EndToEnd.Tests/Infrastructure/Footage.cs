using System.Diagnostics;
using System.Globalization;

namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Real footage for the export tests: one 10-second H.264 clip made once per run with ffmpeg's <c>lavfi</c> test source
/// (25 fps, a keyframe every second), copied into a host's data folder under the footage layout as the edge uploads it.
/// </summary>
public static class Footage
{
    public static readonly TimeSpan SegmentLength = TimeSpan.FromSeconds(10);

    private static readonly Lazy<Task<string>> Clip = new(MakeClipAsync);

    /// <summary>Places segments of <paramref name="camera"/> starting at each of <paramref name="starts"/> (UTC) into the host's local store.</summary>
    public static async Task PlaceAsync(string dataDirectory, string site, string camera, IEnumerable<DateTimeOffset> starts)
    {
        var clip = await Clip.Value;
        foreach (var start in starts)
        {
            var t = start.UtcDateTime;
            var folder = Path.Combine(dataDirectory, "footage", site, camera, t.ToString("yyyy/MM/dd/HH", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            File.Copy(clip, Path.Combine(folder, t.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ".mp4"), overwrite: true);
        }
    }

    /// <summary><paramref name="count"/> back-to-back segment starts from <paramref name="first"/>.</summary>
    public static IEnumerable<DateTimeOffset> Segments(DateTimeOffset first, int count) =>
        Enumerable.Range(0, count).Select(i => first + (i * SegmentLength));

    private static async Task<string> MakeClipAsync()
    {
        var path = Path.Combine(TestPaths.NewFolder("clip"), "clip.mp4");
        var (code, _, error) = await Tool.RunAsync("ffmpeg", null, "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
            "-t", "10", "-c:v", "libx264", "-g", "25", "-pix_fmt", "yuv420p", path);
        if (code != 0) throw new InvalidOperationException($"ffmpeg could not make the test clip: {error}");
        return path;
    }
}

/// <summary>Runs a standard tool (ffprobe, sha256sum, openssl) as a user would, in a folder.</summary>
public static class Tool
{
    public static async Task<(int ExitCode, string Out, string Err)> RunAsync(string program, string? workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
