using CameraBeheer.Contracts.Text;
using CameraBeheer.Edge.Gate;

namespace CameraBeheer.Edge.Tests.Gate;

public sealed class GateLineProtocolTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-22T10:00:02.123Z opened", "2026-11-22T10:00:02.1230000+00:00", "opened", null)]
    [InlineData("2026-11-22T10:00:02Z closed", "2026-11-22T10:00:02.0000000+00:00", "closed", null)]
    [InlineData("2026-11-22T11:00:02.5+01:00 forced", "2026-11-22T10:00:02.5000000+00:00", "forced", null)]
    [InlineData("2026-11-22T10:00:02.123456789Z held-open", "2026-11-22T10:00:02.1234567+00:00", "held-open", null)]
    [InlineData("2026-11-22T10:00:02.123Z badge 04A3F2", "2026-11-22T10:00:02.1230000+00:00", "badge", "04A3F2")]
    [InlineData("  2026-11-22T10:00:02.123Z\tbadge   04:a3:f2  \r", "2026-11-22T10:00:02.1230000+00:00", "badge", "04:a3:f2")]
    [InlineData("2026-11-22T10:00:02.123Z intercom", "2026-11-22T10:00:02.1230000+00:00", "intercom", null)]
    public void Good_lines_are_read_as_events(string line, string ts, string kind, string? badge)
    {
        var result = GateLineProtocol.Parse(Encoding.ASCII.GetBytes(line), Now);

        Assert.Null(result.Problem);
        Assert.Equal(ts, result.Line!.Ts.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((kind, badge), (result.Line.Kind, result.Line.Badge));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t ")]
    [InlineData("\r")]
    [InlineData("# controller v2.1")]
    public void Blank_and_comment_lines_are_ignored(string line) =>
        Assert.True(GateLineProtocol.Parse(Encoding.ASCII.GetBytes(line), Now).IsIgnored);

    [Theory]
    [InlineData("opened", "is not an RFC 3339 time")]
    [InlineData("2026-11-22T10:00:02 opened", "is not an RFC 3339 time")]
    [InlineData("2026-11-22 10:00:02Z opened", "is not an RFC 3339 time")]
    [InlineData("2026-13-22T10:00:02Z opened", "is not an RFC 3339 time")]
    [InlineData("2026-11-22T10:00:02Z", "kind is missing")]
    [InlineData("2026-11-22T10:00:02Z Opened", "is not an event kind")]
    [InlineData("2026-11-22T10:00:02Z open", "is not an event kind")]
    [InlineData("2026-11-22T10:00:02Z badge", "needs the badge id")]
    [InlineData("2026-11-22T10:00:02Z badge 04A3F2 extra", "unexpected text after the badge id")]
    [InlineData("2026-11-22T10:00:02Z badge 04A3/F2", "is not a badge id")]
    [InlineData("2026-11-22T10:00:02Z closed now", "only 'badge' takes a value")]
    [InlineData("2026-11-22T12:06:00Z opened", "ahead of this agent's clock")]
    public void Bad_lines_are_refused_with_the_reason(string line, string problem)
    {
        var result = GateLineProtocol.Parse(Encoding.ASCII.GetBytes(line), Now);

        Assert.Null(result.Line);
        Assert.Contains(problem, result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ascii_control_and_overlong_lines_are_refused()
    {
        Assert.Contains("not ASCII", GateLineProtocol.Parse("2026-11-22T10:00:02Z badge 04Ä"u8, Now).Problem, StringComparison.Ordinal);
        Assert.Contains("control character", GateLineProtocol.Parse("2026-11-22T10:00:02Z\x07 opened"u8, Now).Problem, StringComparison.Ordinal);
        Assert.Contains("longer than 256", GateLineProtocol.Parse(Encoding.ASCII.GetBytes(new string('a', 257)), Now).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_logged_excerpt_shows_unprintable_bytes_escaped_and_is_cut()
    {
        Assert.Equal("ab\\x01\\xFFc", Printable.AsciiExcerpt([(byte)'a', (byte)'b', 1, 0xFF, (byte)'c']));
        Assert.Equal(new string('z', 80) + "…", Printable.AsciiExcerpt(Encoding.ASCII.GetBytes(new string('z', 200))));
    }
}
