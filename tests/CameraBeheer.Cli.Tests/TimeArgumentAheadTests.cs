using CameraBeheer.Cli.Input;
using CameraBeheer.Cli.Output;

namespace CameraBeheer.Cli.Tests;

/// <summary>Times ahead of now, for the end of a legal hold.</summary>
public sealed class TimeArgumentAheadTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("+60d", 60 * 24 * 60)]
    [InlineData("+90m", 90)]
    [InlineData("+1h", 60)]
    public void A_plus_duration_is_that_long_after_now(string text, int minutes) =>
        Assert.Equal(Now.AddMinutes(minutes), TimeArgument.Parse(text, "--expires", Now, Display.Amsterdam, latestIfAmbiguous: true));

    [Theory]
    [InlineData("+")]
    [InlineData("+60x")]
    [InlineData("++1d")]
    public void A_malformed_plus_duration_is_refused_naming_the_option(string text)
    {
        var e = Assert.Throws<UsageException>(() => TimeArgument.Parse(text, "--expires", Now, Display.Amsterdam, latestIfAmbiguous: true));
        Assert.Contains("--expires", e.Message);
    }
}
