using CameraBeheer.Contracts.Mqtt;

namespace CameraBeheer.Domain;

/// <summary>How the system writes an instant in its files and messages: RFC 3339, UTC, milliseconds (<c>2026-11-22T10:00:02.123Z</c>).</summary>
public static class UtcTimestamps
{
    public const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Format(DateTimeOffset instant)
    {
        Span<char> text = stackalloc char[Rfc3339TimestampConverter.WrittenLength];
        Rfc3339TimestampConverter.Format(instant, text);
        return new string(text);
    }
}
