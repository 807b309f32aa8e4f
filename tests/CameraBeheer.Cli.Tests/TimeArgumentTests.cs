using CameraBeheer.Cli.Input;
using CameraBeheer.Cli.Output;

namespace CameraBeheer.Cli.Tests;

public sealed class TimeArgumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Parse(string text, bool latest = false) => TimeArgument.Parse(text, "--from", Now, Display.Amsterdam, latest);

    [Theory]
    [InlineData("2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z")]
    [InlineData("2026-11-22T11:00:00+01:00", "2026-11-22T10:00:00Z")]
    [InlineData("2026-11-22T10:00:00.250Z", "2026-11-22T10:00:00.25Z")]
    [InlineData("2026-11-22 10:00", "2026-11-22T09:00:00Z")]
    [InlineData("2026-07-01 10:00", "2026-07-01T08:00:00Z")]
    [InlineData("2026-11-22", "2026-11-21T23:00:00Z")]
    [InlineData("-1h", "2026-11-22T09:00:00Z")]
    [InlineData("-30m", "2026-11-22T09:30:00Z")]
    [InlineData("now", "2026-11-22T10:00:00Z")]
    public void Accepted_forms(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Parse(text));

    [Fact]
    public void Hour_that_occurs_twice_widens_the_window()
    {
        // 25 October 2026: 02:30 happens at +02:00 and again at +01:00.
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), Parse("2026-10-25 02:30", latest: false));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero), Parse("2026-10-25 02:30", latest: true));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("1h")]
    [InlineData("-999999999999d")]
    [InlineData("22-11-2026 10:00")]
    [InlineData("2026-11-22T10:00:00+0100")]
    public void Other_text_is_refused_naming_the_option(string text)
    {
        var error = Assert.Throws<UsageException>(() => Parse(text));
        Assert.StartsWith("--from:", error.Message);
    }
}
