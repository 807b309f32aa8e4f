using System.Diagnostics;
using System.Text;

namespace CameraBeheer.Testing;

/// <summary>
/// A server a test starts (Mosquitto, Azurite, the host): its output kept for failure messages, each line also handed to
/// an observer, and a stop that asks with SIGTERM before it kills.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Action<string>? _onLine;

    private ServerProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts <paramref name="info"/> with its output redirected and read line by line.</summary>
    public static ServerProcess Start(ProcessStartInfo info, Action<string>? onLine = null)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        var server = new ServerProcess(process, onLine);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Sends <paramref name="signal"/> (SIGHUP: read the configuration again).</summary>
    public void Signal(int signal) => Signals.Kill(_process.Id, signal);

    /// <summary>SIGTERM, then SIGKILL (of the whole tree) when it has not stopped within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited) return;
        Signals.Kill(_process.Id, Signals.SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <summary>A crash: SIGKILL to the whole tree, no chance to flush anything.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
        await _process.WaitForExitAsync();
    }

    public void Dispose() => _process.Dispose();

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        _onLine?.Invoke(line);
    }
}
