using System.Diagnostics;
using CameraBeheer.Contracts.Auth;

namespace CameraBeheer.Testing;

/// <summary>The real backend as a process on free loopback ports with its own data folder, as a user would run it.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly ServerProcess _process;
    private readonly TaskCompletionSource<string> _ready;

    private HostProcess(ServerProcess process, TaskCompletionSource<string> ready, string dataDirectory, int grpcPort, int mqttPort)
    {
        _process = process;
        _ready = ready;
        DataDirectory = dataDirectory;
        GrpcPort = grpcPort;
        MqttPort = mqttPort;
    }

    public string DataDirectory { get; }
    public int GrpcPort { get; }
    public int MqttPort { get; }
    public Uri GrpcUrl => new($"http://127.0.0.1:{GrpcPort}");
    public string ReadyLine => _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : "";
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public int ProcessId => _process.Id;

    public string Output => _process.Output;

    /// <summary>Starts the host and waits for its <c>ready:</c> line.</summary>
    /// <param name="extraArgs">More arguments; a later <c>--site-config</c> replaces the bundled site.</param>
    public static async Task<HostProcess> StartAsync(string? dataDirectory = null, int? mqttPort = null, IReadOnlyDictionary<string, string>? environment = null,
        params string[] extraArgs)
    {
        var data = dataDirectory ?? TestPaths.NewFolder("host");
        for (var attempt = 1; ; attempt++)
        {
            var host = Launch(data, FreePorts.Next(), mqttPort ?? FreePorts.Next(), extraArgs, environment: environment);
            try
            {
                await host.WaitReadyAsync();
                return host;
            }
            catch (InvalidOperationException) when (attempt < 3 && LostAPortRace(host.Output))
            {
                // Hosts started side by side by parallel tests can pick the same free port for Orleans: start again.
                await host.DisposeAsync();
            }
        }
    }

    private static bool LostAPortRace(string output) =>
        output.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
        || output.Contains("Hosting failed to start", StringComparison.Ordinal);

    /// <summary>Starts the host with exactly these arguments (for start-up failures); does not wait.</summary>
    public static HostProcess Launch(string dataDirectory, int grpcPort, int mqttPort, IEnumerable<string> extraArgs, bool withDefaults = true,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        // Started as from a terminal, with SIGINT at its default: a process started in the background by a non-interactive
        // shell (./test.sh run with '&', a CI runner) inherits SIGINT ignored, and .NET then leaves it ignored (as nohup
        // asks), so Ctrl-C would never reach the host. `env --default-signal=INT` execs dotnet in place: same process id.
        var info = new ProcessStartInfo("env") { WorkingDirectory = dataDirectory };
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(TestPaths.HostDll);
        if (withDefaults)
        {
            foreach (var a in new[] { "--data", dataDirectory, "--grpc-port", $"{grpcPort}", "--mqtt-port", $"{mqttPort}", "--site-config", TestPaths.SiteConfig })
                info.ArgumentList.Add(a);
        }
        foreach (var a in extraArgs) info.ArgumentList.Add(a);
        // Hosts of parallel tests would all take the web console's default port 5088: each gets a free one.
        info.Environment["CAMERABEHEER_Web__Port"] = "0";
        // … and the metrics endpoint's 9464: off, unless a test passes a free port (CAMERABEHEER_Metrics__Port).
        info.Environment["CAMERABEHEER_Metrics__Port"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ServerProcess.Start(info, line =>
        {
            if (line.StartsWith("ready: ", StringComparison.Ordinal)) ready.TrySetResult(line);
        });
        _ = process.WaitForExitAsync().ContinueWith(
            _ => ready.TrySetException(new InvalidOperationException($"the host exited with {process.ExitCode} before it was ready:\n{process.Output}")),
            TaskScheduler.Default);
        return new HostProcess(process, ready, dataDirectory, grpcPort, mqttPort);
    }

    /// <summary>Waits for the <c>ready:</c> line; fails at once, with the host's output, when it exits first.</summary>
    public async Task WaitReadyAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? ReadyTimeout;
        try
        {
            await _ready.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the host printed no ready line within {limit.TotalSeconds} s:\n{Output}");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>A clean stop, as systemd or Ctrl-C would ask for it.</summary>
    public Task<int> StopAsync() => SignalAndWaitAsync(Signals.SigTerm);

    public Task<int> InterruptAsync() => SignalAndWaitAsync(Signals.SigInt);

    /// <summary>A crash: SIGKILL, no chance to flush anything.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>A bootstrap token signed with this host's key, for any role, even one the host must refuse (<see cref="TestTokens"/>).</summary>
    public string Token(string role, string name = "Test User", TimeSpan? validFor = null) =>
        TestTokens.Issue(SigningKeyFile.Load(DataDirectory), name, role, validFor ?? TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(20));
        _process.Dispose();
    }

    private async Task<int> SignalAndWaitAsync(int signal)
    {
        _process.Signal(signal);
        return await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }
}
