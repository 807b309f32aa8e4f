using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CameraBeheer.Contracts.Evidence;

/// <summary>Times in a manifest: RFC 3339 in UTC with milliseconds (<c>2026-11-22T10:00:02.123Z</c>), the system's one way
/// of writing an instant; a time without a zone is refused rather than read in the reader's own zone.</summary>
public sealed class EvidenceTimestampConverter : JsonConverter<DateTimeOffset>
{
    public const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("expected a time as a string");
        var zoned = text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (!zoned || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            throw new JsonException($"'{text}' is not an RFC 3339 time with a zone");
        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));
}
