using System.Text;

namespace CameraBeheer.Domain;

/// <summary>Safe excerpts of hostile input for messages, logs and dead letters: bounded length, control characters escaped.</summary>
public static class Printable
{
    public static string Excerpt(string value, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(Math.Min(value.Length, maxChars) + 8);
        foreach (var c in value)
        {
            if (builder.Length >= maxChars) { builder.Append('…'); break; }
            if (char.IsControl(c) || char.IsSurrogate(c)) builder.Append($"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        return builder.ToString();
    }
}
