using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>A real Mosquitto broker on a free loopback port with its own folder (test.sh installs it with apt-get).</summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/mosquitto";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private MosquittoProcess(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }
    public string Folder { get; }
    public string Endpoint => $"127.0.0.1:{Port}";
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static bool IsInstalled => File.Exists(Binary);

    /// <summary>Starts Mosquitto and waits until its port accepts connections.</summary>
    /// <param name="secured">Names of a password file and an ACL file in <paramref name="folder"/>: no anonymous access then.</param>
    public static async Task<MosquittoProcess> StartAsync(string? folder = null, (string PasswordFile, string AclFile)? secured = null)
    {
        folder ??= TestPaths.NewFolder("mosquitto");
        var port = FreePorts.Next();
        var access = secured is { } files
            ? $"allow_anonymous false\npassword_file {Path.Combine(folder, files.PasswordFile)}\nacl_file {Path.Combine(folder, files.AclFile)}\nlog_type all\nlog_dest file {Path.Combine(folder, "mosquitto.log")}"
            : "allow_anonymous true";
        var config = Path.Combine(folder, "mosquitto.conf");
        // Mosquitto started as root drops to the "mosquitto" user, which cannot write a test folder; staying the
        // current user keeps the persistence file writable (and has no effect when not root).
        await File.WriteAllTextAsync(config, $"""
            listener {port} 127.0.0.1
            {access}
            persistence true
            persistence_location {folder}/
            log_dest stdout
            user {Environment.UserName}
            # Mosquitto drops QoS 1 messages beyond 1000 queued for an offline session by default; the backend's session must lose none.
            max_queued_messages 0
            max_queued_bytes 0
            """);

        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(config);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Binary}");
        var mosquitto = new MosquittoProcess(process, port, folder);
        process.OutputDataReceived += (_, e) => mosquitto.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => mosquitto.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await mosquitto.WaitListeningAsync();
        }
        catch
        {
            await mosquitto.DisposeAsync();
            throw;
        }
        return mosquitto;
    }

    /// <summary>SIGHUP: Mosquitto reads its password file and ACL again (as <c>systemctl reload mosquitto</c> does).</summary>
    public void Reload() => Signals.Kill(_process.Id, Signals.SigHup);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signals.Kill(_process.Id, Signals.SigTerm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    private async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"mosquitto exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            catch (SocketException e)
            {
                throw new TimeoutException($"mosquitto did not accept connections on port {Port} within {ReadyTimeout.TotalSeconds} s ({e.Message}):\n{Output}");
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
