namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The edge agent's command line as an installer meets it: --help, and a bad flag refused before anything is made.</summary>
public sealed class EdgeFlagsTests
{
    [Fact]
    public async Task Help_lists_every_option_and_exits_cleanly()
    {
        var (exit, output) = await AgentAccessTests.RunAsync("dotnet", TestPaths.EdgeDll, "--help");
        Assert.Equal(0, exit);
        foreach (var flag in new[] { "--broker <HOST:PORT>", "--data <DIR>", "--simulate", "--site-config <FILE>", "--user <NAME>", "--password-file <FILE>" })
            Assert.Contains(output.Split('\n'), l => l.Trim().StartsWith(flag + " ", StringComparison.Ordinal));
        Assert.DoesNotContain("edge: site=", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--broker", "localhost", "error: option --broker: 'localhost' has no port")]
    [InlineData("--simulate=maybe", null, "error: option --simulate takes no value (or =true / =false), not 'maybe'")]
    [InlineData("--site-config", "", "error: option --site-config needs a value")]
    [InlineData("--user", "--simulate", "error: option --user needs a value")]
    [InlineData("--colour", "blue", "error: unknown option '--colour'")]
    public async Task A_bad_flag_stops_the_agent_with_one_line_before_its_data_folder_is_made(string flag, string? value, string expected)
    {
        var data = Path.Combine(TestPaths.NewFolder("edge-badflag"), "data");
        string[] args = value is null ? [TestPaths.EdgeDll, "--data", data, flag] : [TestPaths.EdgeDll, "--data", data, flag, value];
        var (exit, output) = await AgentAccessTests.RunAsync("dotnet", args);
        Assert.Equal(2, exit);
        Assert.StartsWith(expected, Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.False(Directory.Exists(data), "the agent made its data folder before refusing its command line");
    }
}
