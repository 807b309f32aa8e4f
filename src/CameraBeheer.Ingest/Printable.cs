using System.Text;

namespace CameraBeheer.Ingest;

/// <summary>Safe excerpts of hostile input for logs and dead letters: bounded length, control characters escaped.</summary>
public static class Printable
{
    public static string Excerpt(string value, int maxChars) => Domain.Printable.Excerpt(value, maxChars);

    /// <summary>An excerpt of a raw payload, decoded leniently (invalid UTF-8 becomes U+FFFD).</summary>
    public static string Excerpt(ReadOnlySpan<byte> payload, int maxBytes)
    {
        var slice = payload.Length > maxBytes ? payload[..maxBytes] : payload;
        var text = Encoding.UTF8.GetString(slice);
        return Excerpt(text, maxBytes) + (payload.Length > maxBytes ? "…" : "");
    }
}
