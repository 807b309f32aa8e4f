namespace CameraBeheer.Edge.Tests.Configuration;

/// <summary>The edge agent's --help and the refusal of a flag without its value, read the same way as the backend's.</summary>
public sealed class EdgeHelpTests
{
    [Theory]
    [InlineData("--broker", "Edge:Mqtt:Broker", "[default: 127.0.0.1:1883]")]
    [InlineData("--data", "Edge:Data", "[default: ./data]")]
    [InlineData("--simulate", "Edge:Simulate", "")]
    [InlineData("--site-config", "Edge:SiteConfigFile", "[default: config/sites/domus-almere-poort.json with --simulate, else none]")]
    [InlineData("--user", "Edge:Mqtt:UserName", "")]
    [InlineData("--password-file", "Edge:Mqtt:PasswordFile", "")]
    public void Help_lists_the_option_with_its_key_and_default(string flag, string key, string shown)
    {
        var line = Assert.Single(EdgeArguments.Flags.Help().Split('\n').Select(l => l.Trim()), l => l.StartsWith(flag + " ", StringComparison.Ordinal));
        Assert.Contains($"({key})", line, StringComparison.Ordinal);
        Assert.EndsWith(shown, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_nothing_but_the_flags_and_help()
    {
        var options = EdgeArguments.Flags.Help().Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('-')).ToList();
        Assert.Equal(7, options.Count); // six flags and -?, -h, --help
    }

    [Theory]
    [InlineData("--data")]
    [InlineData("--site-config")]
    [InlineData("--user")]
    [InlineData("--password-file")]
    public void A_flag_without_its_value_stops_the_start(string flag)
    {
        var e = Assert.Throws<ArgumentException>(() => EdgeArguments.Parse([flag]));
        Assert.StartsWith($"option {flag} needs a value", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => EdgeArguments.Parse([flag, ""]));
        Assert.StartsWith($"option {flag} needs a value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_switch_may_be_turned_off_and_help_is_not_a_flag_to_configuration()
    {
        Assert.Equal("false", EdgeArguments.Parse(["--simulate", "false"])["Edge:Simulate"]);
        Assert.True(EdgeArguments.Flags.ShowHelp(["--help"], TextWriter.Null));
        Assert.False(EdgeArguments.Flags.ShowHelp(["--simulate"], TextWriter.Null));
    }
}
