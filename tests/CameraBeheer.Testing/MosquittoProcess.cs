using System.Diagnostics;
using System.Globalization;

namespace CameraBeheer.Testing;

/// <summary>
/// A real Mosquitto broker (test.sh installs it with apt-get) on a free loopback port with its own folder, which a test
/// can stop and start again on the same port: stopped with SIGTERM, it saves its sessions, so a persistent subscriber
/// keeps them. Used by the end-to-end and edge tests and by the load test.
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/mosquitto";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly string _config;
    private ServerProcess? _process;
    private string _earlierOutput = "";

    private MosquittoProcess(int port, string folder, string config)
    {
        Port = port;
        Folder = folder;
        _config = config;
    }

    public static bool IsInstalled => File.Exists(Binary);

    public int Port { get; }
    public string Folder { get; }
    public string Endpoint => $"127.0.0.1:{Port}";
    public bool HasExited => _process is not { HasExited: false };

    /// <summary>The broker's process id while it runs (the load test reads its CPU time).</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>What the broker logged (with <c>secured</c>, the log goes to <c>mosquitto.log</c> in its folder instead).</summary>
    public string Output => _earlierOutput + (_process?.Output ?? "");

    /// <summary>Starts Mosquitto and waits until its port accepts connections.</summary>
    /// <param name="folder">Its folder (configuration, persistence); a new one under the test root when null.</param>
    /// <param name="secured">Names of a password file and an ACL file in <paramref name="folder"/>: no anonymous access then.</param>
    /// <param name="extraConfig">More configuration lines, e.g. an <c>acl_file</c> or a TLS listener.</param>
    /// <param name="persistence">Whether it saves sessions and queued messages to its folder.</param>
    /// <param name="maxQueuedMessages">
    /// QoS 1 messages it queues for a subscriber; Mosquitto drops beyond 1000 by default, and the backend's session must
    /// lose none, so 0 (no limit) unless a run wants a bound.
    /// </param>
    public static async Task<MosquittoProcess> StartAsync(string? folder = null, (string PasswordFile, string AclFile)? secured = null,
        string extraConfig = "", bool persistence = true, int maxQueuedMessages = 0)
    {
        folder ??= TestPaths.NewFolder("mosquitto");
        var port = FreePorts.Next();
        var access = secured is { } files
            ? $"allow_anonymous false\npassword_file {Path.Combine(folder, files.PasswordFile)}\nacl_file {Path.Combine(folder, files.AclFile)}\nlog_type all\nlog_dest file {Path.Combine(folder, "mosquitto.log")}"
            : "allow_anonymous true";
        var config = Path.Combine(folder, "mosquitto.conf");
        // Mosquitto started as root drops to the "mosquitto" user, which cannot write a test folder; staying the
        // current user keeps the persistence file writable (and has no effect when not root).
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            listener {port} 127.0.0.1
            {access}
            persistence {(persistence ? "true" : "false")}
            persistence_location {folder}/
            log_dest stdout
            user {Environment.UserName}
            max_queued_messages {maxQueuedMessages}
            max_queued_bytes 0
            {extraConfig}
            """));
        var mosquitto = new MosquittoProcess(port, folder, config);
        await mosquitto.StartAgainAsync();
        return mosquitto;
    }

    /// <summary>Mosquitto with a configuration file written elsewhere (the deployed one), listening on <paramref name="port"/>.</summary>
    public static async Task<MosquittoProcess> StartWithConfigAsync(string configFile, int port)
    {
        var mosquitto = new MosquittoProcess(port, Path.GetDirectoryName(configFile)!, configFile);
        await mosquitto.StartAgainAsync();
        return mosquitto;
    }

    /// <summary>Starts the broker (again) on its port and waits until it accepts connections (bounded, so no token).</summary>
    public async Task StartAgainAsync()
    {
        if (!IsInstalled) throw new InvalidOperationException($"{Binary} not found: install the Debian package mosquitto (./test.sh does)");
        var info = new ProcessStartInfo(Binary) { WorkingDirectory = Folder };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(_config);
        var process = ServerProcess.Start(info);
        _process = process;
        try
        {
            await FreePorts.WaitListeningAsync(Port, "mosquitto", () => process.HasExited, () => process.Output, ReadyTimeout);
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    /// <summary>SIGHUP: Mosquitto reads its password file and ACL again (as <c>systemctl reload mosquitto</c> does).</summary>
    public void Reload() => _process?.Signal(Signals.SigHup);

    /// <summary>Stops the broker cleanly (SIGTERM: it saves its sessions) and waits until it has exited.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process) return;
        await process.StopAsync(StopGrace);
        _earlierOutput += process.Output;
        process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
