namespace CameraBeheer.Cli.Tests;

/// <summary>Bad arguments to the retention and hold commands are refused before any call, naming the option.</summary>
public sealed class HoldCommandArgumentTests
{
    private static readonly string[] Valid =
        [.. Cli.Offline, "holds", "place", "--from", "-2d", "--to", "-1d",
         "--reason", "r", "--reference", "ref", "--expires", "+30d"];

    [Theory]
    [InlineData("--cameras", "", "--cameras")]
    [InlineData("--cameras", "cam-01,../etc", "--cameras")]
    [InlineData("--cameras", "CAM-01", "--cameras")]
    [InlineData("--kind", "court-order", "--kind")]
    public async Task A_bad_value_for_holds_place_is_refused_naming_the_option(string option, string value, string named)
    {
        var args = Valid.Concat(option == "--cameras" ? [option, value] : ["--cameras", "cam-01", option, value]).ToArray();
        var run = await Cli.RunAsync(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Error);
        Assert.DoesNotContain("cannot reach", run.Error); // refused before any call
    }

    [Theory]
    [InlineData("--from", "garbage")]
    [InlineData("--expires", "next tuesday")]
    public async Task A_bad_time_for_holds_place_is_refused_naming_the_option(string option, string value)
    {
        var args = Valid.Concat(["--cameras", "cam-01"]).ToList();
        args[args.IndexOf(option) + 1] = value;
        var run = await Cli.RunAsync([.. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.Error);
    }

    [Fact]
    public async Task Holds_place_without_a_reference_is_a_usage_error()
    {
        var args = Valid.Concat(["--cameras", "cam-01"]).ToList();
        args.RemoveRange(args.IndexOf("--reference"), 2);
        var run = await Cli.RunAsync([.. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--reference", run.Error);
    }

    [Theory]
    [InlineData("release", "hold/../x", "--reason", "r")]
    [InlineData("renew", "Hold-1", "--expires", "+1d")]
    public async Task A_bad_hold_id_is_refused(string command, string id, string option, string value)
    {
        var run = await Cli.RunAsync([.. Cli.Offline, "holds", command, id, option, value]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ID", run.Error);
    }

    [Fact]
    public async Task Retention_report_without_a_token_says_how_to_get_one()
    {
        var run = await Cli.RunAsync("retention", "report");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("CAMERABEHEER_TOKEN", run.Error);
    }
}
