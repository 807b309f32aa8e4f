using System.Diagnostics;
using CameraBeheer.Contracts.Text;

namespace CameraBeheer.Edge.Video;

/// <summary>One running ffmpeg with explicit arguments: stdout for the caller, stderr logged and its last lines kept, a graceful stop.</summary>
/// <remarks>
/// A plain <see cref="Process"/> rather than FFMpegCore: the recorder and the motion detector read ffmpeg's stdout
/// while it runs (the segment list, raw frames) and stop it with <c>q</c> on stdin, which FFMpegCore's one-shot
/// processing does not lend itself to. The binary comes from <see cref="FfmpegBinaries"/> like FFMpegCore's does.
/// </remarks>
internal sealed class FfmpegProcess : IAsyncDisposable
{
    private const int TailLines = 4;

    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly string _label;
    private readonly Queue<string> _errorTail = new();
    private readonly Lock _tailGate = new();
    private int _stopRequested;

    private FfmpegProcess(Process process, ILogger logger, string label)
    {
        _process = process;
        _logger = logger;
        _label = label;
    }

    /// <summary>Starts ffmpeg; throws <see cref="System.ComponentModel.Win32Exception"/> when the binary cannot be started.</summary>
    public static FfmpegProcess Start(IEnumerable<string> arguments, string label, ILogger logger)
    {
        var info = new ProcessStartInfo(FfmpegBinaries.Ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var ffmpeg = new FfmpegProcess(process, logger, label);
        process.ErrorDataReceived += (_, e) => ffmpeg.OnErrorLine(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }
        process.BeginErrorReadLine();
        logger.LogDebug("{Label}: started ffmpeg (pid {Pid}): {Arguments}", label, process.Id, string.Join(' ', info.ArgumentList));
        return ffmpeg;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>ffmpeg's stdout as bytes (raw frames).</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>ffmpeg's stdout as text (the segment list).</summary>
    public StreamReader OutputText => _process.StandardOutput;

    /// <summary>True once <see cref="RequestStop"/> was called: the exit that follows is wanted.</summary>
    public bool StopRequested => Volatile.Read(ref _stopRequested) != 0;

    /// <summary>The last lines ffmpeg wrote to stderr, joined: the reason it gave for failing.</summary>
    public string LastError
    {
        get
        {
            lock (_tailGate) return string.Join(" | ", _errorTail);
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>
    /// Asks ffmpeg to finish (<c>q</c> on stdin: it closes its outputs properly) and kills it when it has not exited
    /// after <paramref name="killAfter"/>. Returns at once; the caller keeps reading stdout until it ends.
    /// </summary>
    public void RequestStop(TimeSpan killAfter)
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) != 0) return;
        try
        {
            if (_process.HasExited) return;
            _process.StandardInput.Write('q');
            _process.StandardInput.Flush();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // ffmpeg is already gone or its stdin closed: the kill below (or its exit) settles it.
        }
        _ = KillAfterAsync(killAfter);
    }

    /// <summary>Kills this ffmpeg (and only it) at once.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Exited in the meantime.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("{Label}: ffmpeg (pid {Pid}) did not exit after being killed", _label, _process.Id);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process.Dispose();
    }

    private async Task KillAfterAsync(TimeSpan killAfter)
    {
        try
        {
            using var timeout = new CancellationTokenSource(killAfter);
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("{Label}: ffmpeg (pid {Pid}) did not stop within {Timeout}; killing it", _label, _process.Id, killAfter);
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Disposed.
        }
    }

    private void OnErrorLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        // ffmpeg repeats what the camera sends (stream titles, metadata): escaped before it reaches the log.
        _logger.LogDebug("{Label}: ffmpeg: {Line}", _label, Printable.Excerpt(line, 500));
        lock (_tailGate)
        {
            if (_errorTail.Count == TailLines) _errorTail.Dequeue();
            _errorTail.Enqueue(line.Trim());
        }
    }
}
