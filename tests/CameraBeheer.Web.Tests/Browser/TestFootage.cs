using System.Diagnostics;
using System.Globalization;

namespace CameraBeheer.Web.Tests.Browser;

/// <summary>
/// Real footage for the browser tests: one 10-second H.264 clip made once per run with ffmpeg's <c>lavfi</c> test source
/// (25 fps, a keyframe every second), copied into the host's data folder in the footage layout, as the edge uploads it.
/// </summary>
public static class TestFootage
{
    private static readonly Lazy<Task<string>> Clip = new(MakeClipAsync);

    /// <summary>Places a segment of <paramref name="camera"/> starting at <paramref name="start"/> (UTC); returns its file.</summary>
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

    /// <summary>A start on a whole second, as the edge names segments.</summary>
    public static DateTimeOffset Second(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, TimeSpan.Zero);

    private static async Task<string> MakeClipAsync()
    {
        var path = Path.Combine(RepoPaths.NewFolder("clip"), "clip.mp4");
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "10", "-c:v", "libx264", "-g", "25", "-pix_fmt", "yuv420p", "-movflags", "+faststart", path })
            info.ArgumentList.Add(a);
        using var ffmpeg = Process.Start(info) ?? throw new InvalidOperationException("could not start ffmpeg");
        var error = ffmpeg.StandardError.ReadToEndAsync();
        await ffmpeg.WaitForExitAsync();
        return ffmpeg.ExitCode == 0 ? path : throw new InvalidOperationException($"ffmpeg could not make the test clip: {await error}");
    }
}
