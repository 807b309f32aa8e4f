using FFMpegCore;

namespace CameraBeheer.Edge.Video;

/// <summary>Where the <c>ffmpeg</c> and <c>ffprobe</c> binaries are: the one place every ffmpeg run of the edge asks, FFMpegCore included.</summary>
/// <remarks>
/// The folder is, in order: the one given to <see cref="Use"/>; FFMpegCore's <c>GlobalFFOptions.Current.BinaryFolder</c>
/// (which FFMpegCore reads from an <c>ffmpeg.config.json</c> beside the executable); the first folder on <c>PATH</c>
/// that holds <c>ffmpeg</c>. Without any of those the bare name is used and the operating system searches.
/// </remarks>
public static class FfmpegBinaries
{
    private static readonly Lock Gate = new();
    private static string? _folder;

    /// <summary>The folder holding ffmpeg and ffprobe; empty when they are left to the operating system's search.</summary>
    public static string Folder
    {
        get
        {
            lock (Gate)
            {
                if (_folder is null)
                {
                    _folder = Locate();
                    if (_folder.Length > 0) GlobalFFOptions.Configure(options => options.BinaryFolder = _folder);
                }
                return _folder;
            }
        }
    }

    /// <summary>The ffmpeg executable.</summary>
    public static string Ffmpeg => Binary("ffmpeg");

    /// <summary>The ffprobe executable.</summary>
    public static string Ffprobe => Binary("ffprobe");

    /// <summary>Uses the binaries in <paramref name="binaryFolder"/>, for the edge's own runs and for FFMpegCore alike.</summary>
    public static void Use(string binaryFolder)
    {
        lock (Gate)
        {
            _folder = binaryFolder;
            GlobalFFOptions.Configure(options => options.BinaryFolder = binaryFolder);
        }
    }

    /// <summary>Points FFMpegCore at the same binaries (call before using <c>FFProbe</c> or <c>FFMpegArguments</c>).</summary>
    public static void ConfigureFFMpegCore() => _ = Folder;

    private static string Binary(string name)
    {
        var file = OperatingSystem.IsWindows() ? name + ".exe" : name;
        return Folder.Length == 0 ? file : Path.Combine(Folder, file);
    }

    private static string Locate()
    {
        var configured = GlobalFFOptions.Current.BinaryFolder;
        if (!string.IsNullOrEmpty(configured)) return configured;
        var file = OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg";
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, file))) return dir;
        }
        return "";
    }
}
