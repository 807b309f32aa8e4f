using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace CameraBeheer.Edge.Tests.Messaging.Infrastructure;

/// <summary>
/// A real Mosquitto broker on a free loopback port with its own folder (test.sh installs it), which a test can stop and
/// start again on the same port. Stopped with SIGTERM, it saves its sessions, so a persistent subscriber keeps them.
/// </summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/mosquitto";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);
    private readonly StringBuilder _output = new();
    private readonly string _config;
    private Process? _process;

    private MosquittoBroker(int port, string folder, string config)
    {
        Port = port;
        Folder = folder;
        _config = config;
    }

    public int Port { get; }

    public string Folder { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="extraConfig">More configuration lines, e.g. an <c>acl_file</c>.</param>
    public static async Task<MosquittoBroker> StartAsync(string folder, string extraConfig = "")
    {
        var port = FreePort();
        var config = Path.Combine(folder, "mosquitto.conf");
        // Started as root, Mosquitto drops to user "mosquitto", which cannot write a test folder: stay the current user.
        await File.WriteAllTextAsync(config, $"""
            listener {port} 127.0.0.1
            allow_anonymous true
            persistence true
            persistence_location {folder}/
            log_dest stdout
            user {Environment.UserName}
            max_queued_messages 0
            max_queued_bytes 0
            {extraConfig}
            """, TestContext.Current.CancellationToken);
        var broker = new MosquittoBroker(port, folder, config);
        await broker.StartAgainAsync();
        return broker;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the broker (again) on its port and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(_config);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Binary}");
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, Port, TestContext.Current.CancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>Stops the broker cleanly (SIGTERM: it saves its sessions) and waits until it has exited.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        _ = Kill(process.Id, 15);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }

        process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

#pragma warning disable SYSLIB1054 // A plain DllImport avoids needing unsafe code for one int-only call.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
