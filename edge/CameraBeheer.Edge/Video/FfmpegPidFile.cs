namespace CameraBeheer.Edge.Video;

/// <summary>
/// The pid of the ffmpeg recording into one camera's folder (<c>ffmpeg.pid</c>), while it runs, so that the next start
/// of the agent can stop one that a killed run left behind: ffmpeg ignores the end of its stdin and a broken stdout,
/// so it would go on recording into the folder beside the new one.
/// </summary>
internal sealed class FfmpegPidFile(string directory, string camera, ILogger logger)
{
    public string Path { get; } = System.IO.Path.Combine(directory, "ffmpeg.pid");

    public void Write(int pid)
    {
        try
        {
            File.WriteAllText(Path, pid.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Camera {Camera}: could not write {File}: {Message}", camera, Path, e.Message);
        }
    }

    public void Delete() => SegmentSpool.TryDelete(Path, camera, logger);

    /// <summary>
    /// Stops an ffmpeg that an earlier run of the agent left recording. Only a process whose command line records into
    /// this very folder is stopped (Linux, where /proc shows it).
    /// </summary>
    public void StopOrphan()
    {
        if (!File.Exists(Path)) return;
        try
        {
            if (OperatingSystem.IsLinux()
                && int.TryParse(File.ReadAllText(Path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId
                && File.Exists($"/proc/{pid}/cmdline"))
            {
                var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
                var recordsHere = commandLine.Length > 0 && System.IO.Path.GetFileName(commandLine[0]).StartsWith("ffmpeg", StringComparison.Ordinal)
                    && commandLine.Any(a => a.StartsWith(System.IO.Path.Combine(directory, SegmentSpool.RecordingPrefix), StringComparison.Ordinal)
                        || a.StartsWith(System.IO.Path.Combine(directory.Replace("%", "%%", StringComparison.Ordinal), SegmentSpool.RecordingPrefix), StringComparison.Ordinal));
                if (recordsHere)
                {
                    using var orphan = System.Diagnostics.Process.GetProcessById(pid);
                    orphan.Kill();
                    orphan.WaitForExit(TimeSpan.FromSeconds(5));
                    logger.LogWarning("Camera {Camera}: stopped ffmpeg (pid {Pid}) left recording by an earlier run of the agent", camera, pid);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone in the meantime, or not ours to stop.
            logger.LogDebug("Camera {Camera}: no orphaned ffmpeg stopped: {Message}", camera, e.Message);
        }
        Delete();
    }
}
