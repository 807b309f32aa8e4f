using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CameraBeheer.Storage;

namespace CameraBeheer.Ingest;

/// <summary>One event of a camera as kept in the event log.</summary>
public sealed record EventLogEntry(string Id, DateTimeOffset Ts, string Type, string Json);

/// <summary>
/// The per-camera event log: <c>events/{site}/{camera}/{yyyy}/{MM}/{dd}/{HH}.jsonl</c>, bucketed by the event's UTC hour
/// so that a time range is a handful of known names and retention deletes whole hours.
/// One line per event: <c>{"id":…,"ts":…,"type":"motion","event":{…the validated payload…}}</c>.
/// </summary>
public sealed class EventLog(IBlobStore store)
{
    /// <summary>The longest range one read may cover: the retention period and a day of slack.</summary>
    public static readonly TimeSpan MaxReadRange = TimeSpan.FromDays(29);

    public static string HourBlob(string site, string camera, DateTimeOffset ts)
    {
        var utc = ts.UtcDateTime;
        return $"events/{site}/{camera}/{utc:yyyy}/{utc:MM}/{utc:dd}/{utc:HH}.jsonl";
    }

    public Task AppendAsync(string site, string camera, EventLogEntry entry, CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", entry.Id);
            writer.WriteString("ts", entry.Ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
            writer.WriteString("type", entry.Type);
            writer.WritePropertyName("event");
            writer.WriteRawValue(entry.Json, skipInputValidation: false);
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return store.AppendAsync(HourBlob(site, camera, entry.Ts), buffer.WrittenMemory, cancellationToken);
    }

    /// <summary>The camera's events with <paramref name="from"/> ≤ ts &lt; <paramref name="to"/>, hour by hour, each id once.</summary>
    public async IAsyncEnumerable<EventLogEntry> ReadAsync(string site, string camera, DateTimeOffset from, DateTimeOffset to,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var hour = new DateTimeOffset(from.UtcDateTime.Date.AddHours(from.UtcDateTime.Hour), TimeSpan.Zero);
        for (; hour < to; hour = hour.AddHours(1))
        {
            var blob = await store.GetAsync(HourBlob(site, camera, hour), cancellationToken);
            if (blob is null) continue;
            foreach (var entry in Parse(blob.Content).OrderBy(e => e.Ts))
                if (entry.Ts >= from && entry.Ts < to && seen.Add(entry.Id))
                    yield return entry;
        }
    }

    private static IEnumerable<EventLogEntry> Parse(ReadOnlyMemory<byte> content)
    {
        foreach (var line in Encoding.UTF8.GetString(content.Span).Split('\n'))
        {
            if (line.Length == 0) continue;
            EventLogEntry? entry;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                entry = new EventLogEntry(root.GetProperty("id").GetString()!, root.GetProperty("ts").GetDateTimeOffset(),
                    root.GetProperty("type").GetString()!, root.GetProperty("event").GetRawText());
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                // A torn last line after a crash: the event was never acknowledged, so the edge sends it again.
                entry = null;
            }
            if (entry is not null) yield return entry;
        }
    }
}
