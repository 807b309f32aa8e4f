using System.Text;

namespace CameraBeheer.Ingest;

/// <summary>Safe excerpts of hostile input for logs and dead letters: bounded length, control characters escaped.</summary>
public static class Printable
{
    public static string Excerpt(string value, int maxChars)
    {
        var builder = new StringBuilder(Math.Min(value.Length, maxChars) + 8);
        foreach (var c in value)
        {
            if (builder.Length >= maxChars) { builder.Append('…'); break; }
            if (char.IsControl(c) || char.IsSurrogate(c)) builder.Append($"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>An excerpt of a raw payload, decoded leniently (invalid UTF-8 becomes U+FFFD).</summary>
    public static string Excerpt(ReadOnlySpan<byte> payload, int maxBytes)
    {
        var slice = payload.Length > maxBytes ? payload[..maxBytes] : payload;
        var text = Encoding.UTF8.GetString(slice);
        return Excerpt(text, maxBytes) + (payload.Length > maxBytes ? "…" : "");
    }
}
