using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CameraBeheer.Web.Tests.Browser;

/// <summary>
/// The real backend as a process on free loopback ports (gRPC, MQTT, the web console) with its own data folder. Its site
/// file is the Domus one with the time zone moved so that "now" is around noon and the morning no-time-out window
/// covers noon every day: a time-out is refused now, exactly as at 08:15 on a school day, whatever hour the test runs.
/// </summary>
public sealed class ConsoleHost : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ConsoleHost(Process process, string data, int grpc, int mqtt, int web)
    {
        _process = process;
        DataDirectory = data;
        GrpcUrl = new Uri($"http://127.0.0.1:{grpc}");
        MqttPort = mqtt;
        WebUrl = $"http://127.0.0.1:{web}";
    }

    public string DataDirectory { get; }
    public Uri GrpcUrl { get; }
    public int MqttPort { get; }
    public string WebUrl { get; }

    /// <summary>When a time-out is allowed again, as the refusal names it (HH:mm, the site copy's local time).</summary>
    public string NextAllowed { get; private set; } = "";

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static async Task<ConsoleHost> StartAsync()
    {
        var folder = RepoPaths.NewFolder("web");
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        var siteFile = Path.Combine(folder, "site.json");
        var nextAllowed = await WriteSiteAroundNoonAsync(siteFile);
        var (grpc, mqtt, web) = (FreePort(), FreePort(), FreePort());
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        // Hosts of parallel tests would all take the metrics endpoint's default port 9464: no metrics endpoint.
        info.Environment["CAMERABEHEER_Metrics__Port"] = "0";
        foreach (var a in new[] { RepoPaths.HostDll, "--data", data, "--grpc-port", $"{grpc}", "--mqtt-port", $"{mqtt}", "--web-port", $"{web}", "--site-config", siteFile })
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the host");
        var host = new ConsoleHost(process, data, grpc, mqtt, web) { NextAllowed = nextAllowed };
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = process.WaitForExitAsync().ContinueWith(_ => host._ready.TrySetException(new InvalidOperationException($"the host exited before it was ready:\n{host.Output}")), TaskScheduler.Default);
        try
        {
            await host._ready.Task.WaitAsync(ReadyTimeout);
        }
        catch (TimeoutException)
        {
            await host.DisposeAsync();
            throw new TimeoutException($"the host printed no ready line within {ReadyTimeout.TotalSeconds} s:\n{host.Output}");
        }
        return host;
    }

    /// <summary>The administrator's bootstrap token, made by the real CLI on the server machine (<c>token issue</c>).</summary>
    public async Task<string> AdminTokenAsync()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { RepoPaths.CliDll, "token", "issue", "--role", "admin", "--name", "Test Beheerder", "--valid", "2h", "--data", DataDirectory })
            info.ArgumentList.Add(a);
        using var cli = Process.Start(info) ?? throw new InvalidOperationException("could not start the CLI");
        var output = cli.StandardOutput.ReadToEndAsync();
        var error = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return cli.ExitCode == 0 ? (await output).Trim() : throw new InvalidOperationException($"token issue failed: {await error}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.StartsWith("ready: ", StringComparison.Ordinal)) _ready.TrySetResult();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> WriteSiteAroundNoonAsync(string siteFile)
    {
        var now = DateTimeOffset.UtcNow;
        // Etc/GMT-N is N hours ahead of UTC (the sign is POSIX's, reversed).
        var offset = 12 - now.UtcDateTime.Hour;
        var zone = offset switch { 0 => "Etc/GMT", > 0 => $"Etc/GMT-{offset}", _ => $"Etc/GMT+{-offset}" };
        var localHour = now.UtcDateTime.Hour + offset;
        var start = new TimeOnly(localHour - 1, 0);
        var end = new TimeOnly(localHour + 2, 0);
        var json = await File.ReadAllTextAsync(RepoPaths.SiteConfig);
        json = Replace(json, "\"timeZone\": \"Europe/Amsterdam\"", $"\"timeZone\": \"{zone}\"");
        json = Replace(json, "\"start\": \"08:00\", \"end\": \"09:30\", \"days\": \"school-days\"",
            $"\"start\": \"{start:HH\\:mm}\", \"end\": \"{end:HH\\:mm}\", \"days\": [\"monday\", \"tuesday\", \"wednesday\", \"thursday\", \"friday\", \"saturday\", \"sunday\"]");
        await File.WriteAllTextAsync(siteFile, json);
        return end.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    private static string Replace(string json, string from, string to) =>
        json.Contains(from, StringComparison.Ordinal) ? json.Replace(from, to, StringComparison.Ordinal) : throw new InvalidOperationException($"the site file no longer has {from}");
}
