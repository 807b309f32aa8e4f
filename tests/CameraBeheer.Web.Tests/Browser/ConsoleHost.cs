using System.Diagnostics;
using System.Globalization;

namespace CameraBeheer.Web.Tests.Browser;

/// <summary>
/// The real backend (the test kit's <see cref="HostProcess"/>) on free loopback ports (gRPC, MQTT, the web console) with its own data folder. Its site
/// file is the Domus one with the time zone moved so that "now" is around noon and the morning no-time-out window
/// covers noon every day: a time-out is refused now, exactly as at 08:15 on a school day, whatever hour the test runs.
/// </summary>
public sealed class ConsoleHost : IAsyncDisposable
{
    private readonly HostProcess _host;

    private ConsoleHost(HostProcess host, int web, string nextAllowed)
    {
        _host = host;
        WebUrl = $"http://127.0.0.1:{web}";
        NextAllowed = nextAllowed;
    }

    public string DataDirectory => _host.DataDirectory;
    public Uri GrpcUrl => _host.GrpcUrl;
    public int MqttPort => _host.MqttPort;
    public string WebUrl { get; }

    /// <summary>When a time-out is allowed again, as the refusal names it (HH:mm, the site copy's local time).</summary>
    public string NextAllowed { get; }

    public string Output => _host.Output;

    public static async Task<ConsoleHost> StartAsync()
    {
        var folder = RepoPaths.NewFolder("web");
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        var siteFile = Path.Combine(folder, "site.json");
        var nextAllowed = await WriteSiteAroundNoonAsync(siteFile);
        var web = FreePorts.Next();
        var host = await HostProcess.StartAsync(data, environment: new Dictionary<string, string> { ["CAMERABEHEER_Web__Port"] = $"{web}" },
            extraArgs: ["--site-config", siteFile]);
        return new ConsoleHost(host, web, nextAllowed);
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

    public ValueTask DisposeAsync() => _host.DisposeAsync();

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
