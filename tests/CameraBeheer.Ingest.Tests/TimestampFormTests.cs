using System.Globalization;
using System.Text.Json;
using CameraBeheer.Contracts.Mqtt;

namespace CameraBeheer.Ingest.Tests;

/// <summary>
/// The times of contract v1 as read and written by <see cref="Rfc3339TimestampConverter"/>: the quick ways (the reader's
/// ISO 8601 parser, the round-trip format cut to milliseconds) give exactly what the general ones give.
/// </summary>
public sealed class TimestampFormTests
{
    public static TheoryData<string> Instants => new()
    {
        "2026-11-22T10:00:02.1230000Z",
        "2026-11-22T10:00:02.9999999Z", // truncated, not rounded
        "2026-03-29T00:59:59.0005000Z",
        "2028-02-29T23:59:59.9990000Z",
        "2000-01-01T00:00:00.0000000Z",
        "2026-10-25T01:30:00.0010000+01:00",
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void An_instant_is_written_as_the_millisecond_pattern_writes_it(string instant)
    {
        var value = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);
        Span<char> written = stackalloc char[Rfc3339TimestampConverter.WrittenLength];

        Rfc3339TimestampConverter.Format(value, written);

        Assert.Equal(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), written.ToString());
        Assert.Equal(written.ToString(), Domain.UtcTimestamps.Format(value));
        Assert.Equal($$"""{"state":"online","ts":"{{written.ToString()}}"}""", JsonSerializer.Serialize(new StatusPayload("online", value), EdgeJsonContext.Default.StatusPayload));
    }

    [Theory]
    [InlineData("2026-11-22T10:00:02.123Z")]
    [InlineData("2026-11-22T10:00:02Z")]
    [InlineData("2026-11-22t10:00:02.123z")]
    [InlineData("2026-11-22T10:00:02.1234567Z")]
    [InlineData("2026-11-22T11:00:02.123+01:00")]
    [InlineData("2026-11-22T05:30:02.123-04:30")]
    [InlineData("2026-11-22T10:00:02\\u002e123Z")] // escaped: the long way
    public void A_time_with_a_zone_reads_as_the_general_parser_reads_it(string json)
    {
        var unescaped = JsonSerializer.Deserialize<string>($"\"{json}\"")!;
        var expected = DateTimeOffset.Parse(unescaped, CultureInfo.InvariantCulture);

        var read = JsonSerializer.Deserialize($$"""{"state":"online","ts":"{{json}}"}""", EdgeJsonContext.Default.StatusPayload)!.Ts;

        Assert.Equal(expected, read);
        Assert.Equal(expected.Offset, read!.Value.Offset);
    }

    [Theory]
    [InlineData("2026-11-22T10:00:02.123")]
    [InlineData("2026-11-22 10:00:02.123Z")]
    [InlineData("2026-11-22T25:00:02.123Z")]
    [InlineData("2026-02-30T10:00:02.123Z")]
    [InlineData("yesterday at ten")]
    public void A_time_without_a_zone_or_out_of_form_is_refused_with_the_reason(string json)
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize($$"""{"state":"online","ts":"{{json}}"}""", EdgeJsonContext.Default.StatusPayload));

        Assert.Contains("is not an RFC 3339 time with a zone", e.Message);
    }
}
