namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The backend's command line as an operator meets it: --help lists every flag, a bad value stops the start with one line before anything is made.</summary>
public sealed class HostFlagsTests
{
    /// <summary>Every flag the host takes, with the configuration key it sets and the default --help shows.</summary>
    private static readonly (string Flag, string Key, string Default)[] Flags =
    [
        ("--data", "Data", "./data"),
        ("--grpc-port", "Grpc:Port", "5080"),
        ("--web-port", "Web:Port", "5088"),
        ("--mqtt-port", "Mqtt:Port", "1883"),
        ("--broker", "Mqtt:Broker", "the embedded broker"),
        ("--site-config", "Site:ConfigFile", "config/sites/domus-almere-poort.json"),
        ("--silo-port", "Orleans:SiloPort", "0"),
        ("--gateway-port", "Orleans:GatewayPort", "0"),
        ("--log-level", "Logging:LogLevel:Default", "Information"),
        ("--metrics-port", "Metrics:Port", "9464"),
    ];

    [Fact]
    public async Task Help_lists_every_option_with_its_meaning_key_and_default_and_starts_nothing()
    {
        var folder = TestPaths.NewFolder("host-help");
        await using var host = HostProcess.Launch(folder, FreePorts.Next(), FreePorts.Next(), ["--help"], withDefaults: false);
        Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var lines = host.Output.Split('\n').Select(l => l.Trim()).ToList();
        foreach (var (flag, key, shown) in Flags)
        {
            var line = Assert.Single(lines, l => l.StartsWith(flag + " ", StringComparison.Ordinal));
            Assert.Contains($"({key})", line, StringComparison.Ordinal);
            Assert.EndsWith($"[default: {shown}]", line, StringComparison.Ordinal);
        }
        Assert.Equal(Flags.Length + 1, lines.Count(l => l.StartsWith("--", StringComparison.Ordinal) || l.StartsWith("-?", StringComparison.Ordinal)));
        Assert.DoesNotContain("ready:", host.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder)); // no ./data made: nothing started
    }

    [Theory]
    [InlineData("--data", "", "option --data needs a value")]
    [InlineData("--grpc-port", "abc", "--grpc-port 'abc' is not a port number (0-65535)")]
    [InlineData("--web-port", "65536", "--web-port '65536' is not a port number (0-65535)")]
    [InlineData("--mqtt-port", "-1", "--mqtt-port '-1' is not a port number (0-65535)")]
    [InlineData("--broker", "", "option --broker needs a value")]
    [InlineData("--site-config", " ", "option --site-config needs a value")]
    [InlineData("--silo-port", "x", "--silo-port 'x' is not a port number (0-65535)")]
    [InlineData("--gateway-port", "1.5", "--gateway-port '1.5' is not a port number (0-65535)")]
    [InlineData("--log-level", "loud", "--log-level 'loud' is not a log level")]
    [InlineData("--metrics-port", "65536", "--metrics-port '65536' is not a port number (1-65535, or 0 for no metrics endpoint)")]
    [InlineData("--metrics-port", "-1", "--metrics-port '-1' is not a port number (1-65535, or 0 for no metrics endpoint)")]
    [InlineData("--metrics-port", "prometheus", "--metrics-port 'prometheus' is not a port number (1-65535, or 0 for no metrics endpoint)")]
    [InlineData("--metrics-port", "", "option --metrics-port needs a value")]
    public async Task A_bad_value_stops_the_start_with_one_line_naming_the_flag_before_anything_is_made(string flag, string value, string expected)
    {
        var (line, folder) = await RefusedStart.ErrorLineAsync("host-badflag", [flag, value]);
        Assert.StartsWith($"error: {expected}", line, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder)); // no signing key, no state: nothing started
    }

    [Fact]
    public async Task A_metrics_port_from_the_environment_is_checked_like_the_flag()
    {
        var (line, _) = await RefusedStart.ErrorLineAsync("host-badmetrics", [], new() { ["CAMERABEHEER_Metrics__Port"] = "99999" });
        Assert.Equal("error: Metrics:Port '99999' is not a port number (1-65535, or 0 for no metrics endpoint)", line);
    }

    [Fact]
    public async Task A_metrics_port_of_0_is_taken_and_the_host_starts()
    {
        await using var host = await HostProcess.StartAsync(extraArgs: ["--metrics-port", "0"]);
        Assert.StartsWith("ready: ", host.ReadyLine, StringComparison.Ordinal);
    }
}
