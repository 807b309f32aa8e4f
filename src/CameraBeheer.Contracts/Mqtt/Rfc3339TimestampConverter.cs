using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CameraBeheer.Contracts.Text;

namespace CameraBeheer.Contracts.Mqtt;

/// <summary>
/// Times of contract v1: RFC 3339 with a zone (<c>2026-11-22T10:00:02.123Z</c> or with an offset). A time without a zone
/// would be read in the server's own time zone, so it is refused rather than guessed. Written as UTC with milliseconds.
/// </summary>
public sealed class Rfc3339TimestampConverter : JsonConverter<DateTimeOffset?>
{
    /// <summary>The characters of a time as written: <c>2026-11-22T10:00:02.123Z</c>.</summary>
    public const int WrittenLength = 24;

    /// <summary>The characters of the round-trip format of a UTC time: <c>2026-11-22T10:00:02.1230000Z</c>.</summary>
    private const int RoundTripLength = 28;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("expected an RFC 3339 time as a string");
        // The usual form straight from the bytes through the reader's own ISO 8601 parser, without a string; anything
        // else (escapes, a value split across buffers, a form it does not know) goes the long way below.
        if (!reader.ValueIsEscaped && !reader.HasValueSequence && HasDateTimeAndZone(reader.ValueSpan) && reader.TryGetDateTimeOffset(out var quick))
            return quick;
        var text = reader.GetString()!;
        if (!HasDateTimeAndZone(text.AsSpan()) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            throw new JsonException($"'{Printable.Excerpt(text, 40)}' is not an RFC 3339 time with a zone (e.g. 2026-11-22T10:00:02.123Z)");
        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is not { } v)
        {
            writer.WriteNullValue();
            return;
        }
        Span<char> text = stackalloc char[WrittenLength];
        Format(v, text);
        writer.WriteStringValue(text);
    }

    /// <summary>
    /// Writes <paramref name="value"/> as UTC to the millisecond (<c>yyyy-MM-dd'T'HH:mm:ss.fff'Z'</c>, truncated as that
    /// pattern does) into the first <see cref="WrittenLength"/> characters of <paramref name="destination"/>.
    /// </summary>
    /// <remarks>
    /// Through the round-trip format (<c>2026-11-22T10:00:02.1230000Z</c>), which the runtime formats on a fast path,
    /// cut to milliseconds: the custom pattern costs several times more, and every stored event writes a time or two.
    /// </remarks>
    public static void Format(DateTimeOffset value, Span<char> destination)
    {
        Span<char> roundTrip = stackalloc char[RoundTripLength];
        value.UtcDateTime.TryFormat(roundTrip, out _, "O", CultureInfo.InvariantCulture);
        roundTrip[..(WrittenLength - 1)].CopyTo(destination);
        destination[WrittenLength - 1] = 'Z';
    }

    private static bool HasDateTimeAndZone(ReadOnlySpan<char> text) =>
        text.Length >= 20 && text[10] is 'T' or 't'
        && (text[^1] is 'Z' or 'z' || (text[^6] is '+' or '-' && text[^3] == ':'));

    private static bool HasDateTimeAndZone(ReadOnlySpan<byte> text) =>
        text.Length >= 20 && text[10] is (byte)'T' or (byte)'t'
        && (text[^1] is (byte)'Z' or (byte)'z' || (text[^6] is (byte)'+' or (byte)'-' && text[^3] == (byte)':'));
}
