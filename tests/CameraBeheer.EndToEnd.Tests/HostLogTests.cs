namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The console an operator reads under ./run.sh, and the JSON a log collector reads.</summary>
public sealed class HostLogTests
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task An_opened_alert_is_one_readable_line_and_grain_placement_is_not_logged()
    {
        await using var host = await HostProcess.StartAsync();
        await using (var edge = await EdgePublisher.ConnectAsync(host))
            await edge.PublishAsync(EdgeTopics.Gate(Site, "hoofdingang"), ($$"""{"id":"log-g-1","ts":"{{EdgePublisher.Rfc3339(DateTimeOffset.UtcNow.AddSeconds(-1))}}","kind":"forced"}"""));

        // The alert line comes after the gate, camera and control-room grains were placed: had placement been logged,
        // its lines would be in the output by now.
        var line = await Eventually.GetAsync(
            () => Task.FromResult(host.Output.Split('\n').FirstOrDefault(l => l.Contains("opened (Critical): rule poort-geforceerd at hoofdingang", StringComparison.Ordinal))),
            l => l is not null, "the line of the opened alert");
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ info: ", line);
        Assert.DoesNotContain("Polly", host.Output);
        Assert.DoesNotContain("Orleans.Placement", host.Output);
    }

    [Fact]
    public async Task Json_logs_are_one_object_per_line_with_time_level_category_and_message()
    {
        var data = TestPaths.NewFolder("json-logs");
        await using var host = await HostProcess.StartAsync(data, environment: new Dictionary<string, string> { ["CAMERABEHEER_Logging__Format"] = "json" });
        using (var client = host.Client("operator"))
            await client.Site.StatusAsync(new SiteStatusRequest());
        // A clean stop flushes the console logger's queue: after it, the output is complete.
        Assert.Equal(0, await host.StopAsync());

        var lines = host.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("ready:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            Assert.True(entry.RootElement.TryGetProperty("Timestamp", out _), line);
            Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _), line);
            Assert.True(entry.RootElement.TryGetProperty("Category", out _), line);
            Assert.True(entry.RootElement.TryGetProperty("Message", out _), line);
        }
        Assert.Contains(lines, l => l.Contains("Embedded MQTT broker listening", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "--log-level", "loud" }, "--log-level 'loud' is not a log level")]
    [InlineData(new[] { "--log-level", "3" }, "--log-level '3' is not a log level")]
    public async Task A_bad_log_setting_stops_the_start_with_one_line(string[] args, string expected)
    {
        var data = TestPaths.NewFolder("bad-log");
        var output = await RefusedStart.OutputAsync(data, args);
        Assert.Contains(expected, output);
    }

    [Fact]
    public async Task An_unknown_log_format_stops_the_start_with_one_line()
    {
        var data = TestPaths.NewFolder("bad-log-format");
        var output = await RefusedStart.OutputAsync(data, [], new() { ["CAMERABEHEER_Logging__Format"] = "xml" });
        Assert.Contains("Logging:Format 'xml' is not a log format: use text or json", output);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("warning", false)]
    [InlineData("Warning", false)]
    public async Task Log_level_sets_whether_information_lines_are_shown(string? level, bool informationShown)
    {
        var data = TestPaths.NewFolder("log-level");
        await using var host = await HostProcess.StartAsync(data, extraArgs: level is null ? [] : ["--log-level", level]);
        using (var client = host.Client("operator"))
            await client.Site.StatusAsync(new SiteStatusRequest());
        // A clean stop flushes the console logger's queue: after it, the output is complete.
        Assert.Equal(0, await host.StopAsync());
        Assert.Equal(informationShown, host.Output.Contains("Embedded MQTT broker listening", StringComparison.Ordinal));
    }

}
