using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CameraBeheer.LoadTest;

/// <summary>
/// A server process this run started: its output goes to a log file (and the last lines are kept for error messages),
/// and stopping it asks politely (SIGTERM) before it forces (SIGKILL), and only ever touches this one process.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int TailLines = 40;
    private const int MaxNotable = 8;
    private const int KindLength = 48;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private readonly Action<string>? _onLine;
    private readonly Dictionary<string, (string Message, int Count)> _notable = new(StringComparer.Ordinal);
    private string? _pendingLevel;

    private ChildProcess(Process process, StreamWriter log, Action<string>? onLine)
    {
        _process = process;
        _log = log;
        _onLine = onLine;
    }

    public string Name { get; private init; } = "";
    public string LogFile { get; private init; } = "";
    public bool HasExited => _process.HasExited;
    public int WarningLines { get; private set; }
    public int ErrorLines { get; private set; }

    /// <summary>Warning and error messages with how often each kind came (kinds told apart by their first words), for the report.</summary>
    public IReadOnlyList<(string Message, int Count)> NotableMessages
    {
        get { lock (_tail) return [.. _notable.Values]; }
    }

    public string Tail
    {
        get { lock (_tail) return string.Join('\n', _tail); }
    }

    public static ChildProcess Start(string name, ProcessStartInfo info, string logFile, Action<string>? onLine = null)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true; // never reads ours: Ctrl-C in this terminal must not reach it before we stop it
        info.UseShellExecute = false;
        var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new LoadTestException($"could not start {name} ({info.FileName})");
        var child = new ChildProcess(process, log, onLine) { Name = name, LogFile = logFile };
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    /// <summary>SIGTERM, then SIGKILL if it has not stopped within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited) return;
        _ = Kill(_process.Id, SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(20));
        _process.WaitForExit(); // lets the output readers reach the end of the streams
        _process.Dispose();
        lock (_tail) _log.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _log.WriteLine(line);
            _tail.Enqueue(line);
            if (_tail.Count > TailLines) _tail.Dequeue();
            // Microsoft.Extensions.Logging's console format: a "warn: Category[id]" line, then the message indented.
            if (_pendingLevel is not null)
            {
                var message = $"{_pendingLevel} {line.Trim()}";
                var kind = message.Length > KindLength ? message[..KindLength] : message;
                if (_notable.TryGetValue(kind, out var seen)) _notable[kind] = (seen.Message, seen.Count + 1);
                else if (_notable.Count < MaxNotable) _notable[kind] = (message.Length > 200 ? message[..200] + "…" : message, 1);
                _pendingLevel = null;
            }
            if (line.StartsWith("warn:", StringComparison.Ordinal))
            {
                WarningLines++;
                _pendingLevel = "warn:";
            }
            else if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            {
                ErrorLines++;
                _pendingLevel = line[..5];
            }
        }
        _onLine?.Invoke(line);
    }

    private const int SigTerm = 15;

#pragma warning disable SYSLIB1054 // A plain DllImport avoids unsafe code for one int-only call; Process.Kill only sends SIGKILL.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
