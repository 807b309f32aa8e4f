using System.Globalization;
using System.Text;

namespace CameraBeheer.Contracts.Text;

/// <summary>
/// Safe excerpts of hostile input for messages, logs and dead letters: bounded length, nothing that can steer a terminal
/// or break a UTF-8 log. The one place edge and backend cut and escape what others sent them.
/// </summary>
public static class Printable
{
    /// <summary>
    /// At most <paramref name="maxChars"/> characters (escapes count), '…' when cut; as <c>\uXXXX</c>: control characters,
    /// surrogates, and the invisible format characters and line separators (bidirectional overrides and isolates, zero
    /// widths), which would make what an operator reads differ from what was sent.
    /// </summary>
    public static string Excerpt(string value, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(Math.Min(value.Length, maxChars) + 8);
        foreach (var c in value)
        {
            if (builder.Length >= maxChars) { builder.Append('…'); break; }
            if (MustEscape(c)) builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        return builder.ToString();
    }

    private static bool MustEscape(char c) =>
        char.IsControl(c) || char.IsSurrogate(c)
        || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    /// <summary>An excerpt of a raw payload, decoded leniently (invalid UTF-8 becomes U+FFFD).</summary>
    public static string Excerpt(ReadOnlySpan<byte> payload, int maxBytes)
    {
        var slice = payload.Length > maxBytes ? payload[..maxBytes] : payload;
        var text = Encoding.UTF8.GetString(slice);
        return Excerpt(text, maxBytes) + (payload.Length > maxBytes ? "…" : "");
    }

    /// <summary>
    /// A line of an ASCII protocol (the gate controller's) made safe to log: printable ASCII as is, every other byte as
    /// <c>\xNN</c>, so the reader sees the bytes that were sent; cut at <paramref name="max"/> characters.
    /// </summary>
    public static string AsciiExcerpt(ReadOnlySpan<byte> line, int max = 80)
    {
        var builder = new StringBuilder(Math.Min(line.Length * 2, max + 8));
        foreach (var b in line)
        {
            if (builder.Length >= max)
            {
                builder.Append('…');
                break;
            }

            if (b is >= 0x20 and <= 0x7E) builder.Append((char)b);
            else builder.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
        }

        return builder.ToString();
    }
}
