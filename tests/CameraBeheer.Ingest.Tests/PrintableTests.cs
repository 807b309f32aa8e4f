using CameraBeheer.Contracts.Text;

namespace CameraBeheer.Ingest.Tests;

/// <summary>Excerpts of hostile input are safe to put in a log: bounded, and no control character reaches a terminal.</summary>
public sealed class PrintableTests
{
    [Fact]
    public void Control_characters_are_escaped()
    {
        Assert.Equal("a\\u0000b\\u000d\\u000a\\u001b[2Jc\\u007f", Printable.Excerpt("a\0b\r\n\u001b[2Jc\u007f", 100));
    }

    [Fact]
    public void Surrogates_are_escaped_so_a_lone_one_cannot_break_a_utf8_log()
    {
        Assert.Equal("x\\ud800y", Printable.Excerpt("x\ud800y", 100));
    }

    [Fact]
    public void Bidirectional_overrides_and_invisible_characters_are_escaped_so_what_is_read_is_what_was_sent()
    {
        // "cam-01" reversed on screen by a right-to-left override, hidden marks around and inside it, a line separator.
        Assert.Equal("id \\u202e10-mac\\u202c \\u2066x\\u2069 a\\u200bb\\u2028c\\ufeff", Printable.Excerpt("id \u202e10-mac\u202c \u2066x\u2069 a\u200bb\u2028c\ufeff", 100));
    }

    [Fact]
    public void Letters_of_other_scripts_stay_as_they_are()
    {
        Assert.Equal("Café Ĳsselmeer — straße, עברית", Printable.Excerpt("Café Ĳsselmeer — straße, עברית", 100));
    }

    [Fact]
    public void Text_longer_than_the_limit_is_cut_and_marked()
    {
        Assert.Equal("abcdefghij…", Printable.Excerpt("abcdefghijklmnopqrstuvwxyz", 10));
        Assert.Equal("abcdefghij", Printable.Excerpt("abcdefghij", 10));
    }

    [Fact]
    public void Escapes_count_towards_the_limit()
    {
        var excerpt = Printable.Excerpt(new string('\u0001', 1000), 60);
        Assert.True(excerpt.Length <= 60 + 6 + 1, $"{excerpt.Length} characters");
        Assert.EndsWith("…", excerpt);
    }

    [Fact]
    public void Invalid_utf8_in_a_payload_excerpt_becomes_the_replacement_character()
    {
        Assert.Equal("\uFFFD(", Printable.Excerpt([0xC3, 0x28], 100));
    }

    [Fact]
    public void A_payload_excerpt_is_cut_at_the_byte_limit_and_marked()
    {
        var payload = new byte[1024 * 1024];
        payload.AsSpan().Fill((byte)'x');

        var excerpt = Printable.Excerpt(payload, 256);

        Assert.Equal(new string('x', 256) + "…", excerpt);
    }
}
