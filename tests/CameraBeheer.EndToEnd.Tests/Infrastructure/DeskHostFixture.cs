using System.Globalization;

namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A host for the desk's end-to-end tests, whatever the hour they run at. The real host reads the wall clock, and the
/// time-out rules depend on local time (no time-out after 23:00: it would not end the same day). So the host gets a copy
/// of the Domus site file whose time zone puts "now" around noon, with the morning no-time-out window moved to cover
/// noon on every day: a time-out is refused now, exactly as at 08:15 on a school day, and allowed by a manager's override.
/// </summary>
public sealed class DeskHostFixture : IAsyncLifetime
{
    private HostProcess? _host;

    public HostProcess Host => _host ?? throw new InvalidOperationException("the host has not started");

    /// <summary>The no-time-out window of the copied site file, as the refusal names it.</summary>
    public string WindowText { get; private set; } = "";

    /// <summary>When a time-out is allowed again, as the refusal names it (HH:mm, the copy's local time).</summary>
    public string NextAllowed { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var folder = TestPaths.NewFolder("desk");
        var siteFile = Path.Combine(folder, "desk-site.json");
        await File.WriteAllTextAsync(siteFile, SiteAroundNoon(DateTimeOffset.UtcNow));
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        _host = await HostProcess.StartAsync(data, extraArgs: ["--site-config", siteFile]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    public Task<(int ExitCode, string Out, string Err)> CliAsync(string? role, params string[] args) => new CliRunner(Host).RunAsync(role, args);

    /// <summary>Restarts the host on the same data folder and site file, as an operator would.</summary>
    public async Task RestartAsync()
    {
        var siteFile = Path.Combine(Path.GetDirectoryName(Host.DataDirectory)!, "desk-site.json");
        var data = Host.DataDirectory;
        Assert.Equal(0, await Host.StopAsync());
        await Host.DisposeAsync();
        _host = await HostProcess.StartAsync(data, extraArgs: ["--site-config", siteFile]);
    }

    private string SiteAroundNoon(DateTimeOffset now)
    {
        // Etc/GMT-N is N hours ahead of UTC (the sign is POSIX's, reversed).
        var offset = 12 - now.UtcDateTime.Hour;
        var zone = offset switch { 0 => "Etc/GMT", > 0 => $"Etc/GMT-{offset}", _ => $"Etc/GMT+{-offset}" };
        var localHour = now.UtcDateTime.Hour + offset;
        var start = new TimeOnly(localHour - 1, 0);
        var end = new TimeOnly(localHour + 2, 0);
        WindowText = $"between {start:HH\\:mm} and {end:HH\\:mm} (pupils arriving)";
        NextAllowed = end.ToString("HH:mm", CultureInfo.InvariantCulture);
        var json = File.ReadAllText(TestPaths.SiteConfig);
        json = Replace(json, "\"timeZone\": \"Europe/Amsterdam\"", $"\"timeZone\": \"{zone}\"");
        json = Replace(json, "\"start\": \"08:00\", \"end\": \"09:30\", \"days\": \"school-days\"",
            $"\"start\": \"{start:HH\\:mm}\", \"end\": \"{end:HH\\:mm}\", \"days\": [\"monday\", \"tuesday\", \"wednesday\", \"thursday\", \"friday\", \"saturday\", \"sunday\"]");
        return json;
    }

    private static string Replace(string json, string from, string to) =>
        json.Contains(from, StringComparison.Ordinal) ? json.Replace(from, to, StringComparison.Ordinal) : throw new InvalidOperationException($"the site file no longer has {from}");
}
