using System.Diagnostics;
using System.Globalization;
using CameraBeheer.Cli;
using CameraBeheer.Contracts.Auth;
using CameraBeheer.Contracts.V1;

namespace CameraBeheer.LoadTest;

/// <summary>The real backend as a process of this run, subscribed to the run's broker, and an admin's gRPC connection to it.</summary>
internal sealed class Backend : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly ChildProcess _process;
    private CameraBeheerClient? _client;

    private Backend(ChildProcess process, string dataFolder, int grpcPort)
    {
        _process = process;
        DataFolder = dataFolder;
        GrpcUrl = new Uri($"http://127.0.0.1:{grpcPort}");
    }

    public string DataFolder { get; }
    public Uri GrpcUrl { get; }
    public ChildProcess Process => _process;

    private CameraBeheerClient Client => _client ?? throw new InvalidOperationException("the backend is not ready");

    public static async Task<Backend> StartAsync(string hostDll, string workFolder, string brokerHost, int brokerPort, string runTag, string siteConfig, CancellationToken cancellationToken)
    {
        if (!File.Exists(hostDll))
            throw new LoadTestException($"no backend at {hostDll}: build it first (dotnet build CameraBeheer.sln -c Release) or pass --host-dll");
        var data = Path.Combine(workFolder, "data");
        Directory.CreateDirectory(data);
        var grpcPort = FreePorts.Next();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workFolder };
        info.ArgumentList.Add(hostDll);
        foreach (var a in new[]
                 {
                     "--data", data, "--grpc-port", $"{grpcPort}", "--mqtt-port", $"{FreePorts.Next()}",
                     "--broker", string.Create(CultureInfo.InvariantCulture, $"{brokerHost}:{brokerPort}"), "--site-config", siteConfig,
                 })
            info.ArgumentList.Add(a);
        // A session of its own per run: against a long-lived broker (--broker) the backend must not resume the session of an
        // earlier run and count that run's leftovers.
        info.Environment["CAMERABEHEER_Mqtt__ClientId"] = $"camerabeheer-backend-loadtest-{runTag}";
        // No metrics endpoint: it would take the default 9464 of a backend already running on this machine.
        info.Environment["CAMERABEHEER_Metrics__Port"] = "0";

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ChildProcess.Start("backend", info, Path.Combine(workFolder, "backend.log"), line =>
        {
            if (line.StartsWith("ready: ", StringComparison.Ordinal)) ready.TrySetResult();
        });
        var backend = new Backend(process, data, grpcPort);
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            var first = await Task.WhenAny(ready.Task, exited, Task.Delay(ReadyTimeout, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            if (first == exited) throw new LoadTestException($"the backend exited with {process.ExitCode} before it was ready:\n{process.Tail}");
            if (first != ready.Task) throw new LoadTestException($"the backend printed no ready line within {ReadyTimeout.TotalSeconds:0} s:\n{process.Tail}");
            var token = TokenIssuer.Issue(SigningKeyFile.Load(data), "Load test", TokenContract.Roles.Admin, TimeSpan.FromHours(8), DateTimeOffset.UtcNow);
            backend._client = new CameraBeheerClient(backend.GrpcUrl, token);
            return backend;
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client with a token of <paramref name="role"/> (the alert watch is for operators).</summary>
    public CameraBeheerClient ClientAs(string role) =>
        new(GrpcUrl, TokenIssuer.Issue(SigningKeyFile.Load(DataFolder), "Load test", role, TimeSpan.FromHours(8), DateTimeOffset.UtcNow));

    public async Task<IngestStatisticsReply> StatisticsAsync(bool resetLatency, CancellationToken cancellationToken)
    {
        if (_process.HasExited) throw new LoadTestException($"the backend exited with {_process.ExitCode} during the run:\n{_process.Tail}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await Client.Site.IngestStatisticsAsync(new IngestStatisticsRequest { ResetLatency = resetLatency }, cancellationToken: timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await _process.DisposeAsync();
    }
}
