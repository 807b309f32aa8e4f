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
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("expected an RFC 3339 time as a string");
        var text = reader.GetString()!;
        if (!HasDateTimeAndZone(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            throw new JsonException($"'{Printable.Excerpt(text, 40)}' is not an RFC 3339 time with a zone (e.g. 2026-11-22T10:00:02.123Z)");
        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v) writer.WriteStringValue(v.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        else writer.WriteNullValue();
    }

    private static bool HasDateTimeAndZone(string text) =>
        text.Length >= 20 && text[10] is 'T' or 't'
        && (text[^1] is 'Z' or 'z' || (text[^6] is '+' or '-' && text[^3] == ':'));
}
