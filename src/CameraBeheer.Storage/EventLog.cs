using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace CameraBeheer.Storage;

/// <summary>One event as kept in the event log: its id, time, type and the validated payload as compact JSON.</summary>
public sealed record EventLogEntry(string Id, DateTimeOffset Ts, string Type, string Json);

/// <summary>The events of one hour bucket, and whether the file ends in the middle of a line (a write torn by a crash).</summary>
public sealed record EventLogHour(IReadOnlyList<EventLogEntry> Entries, bool EndsMidLine)
{
    public static readonly EventLogHour Empty = new([], false);
}

/// <summary>
/// The event log of a source (a camera, or a gate as <c>gates/{gate}</c>): <c>events/{site}/{source}/{yyyy}/{MM}/{dd}/{HH}.jsonl</c>,
/// bucketed by the event's UTC hour so that a time range is a handful of known names, a redelivered event is looked up
/// in the one bucket of its own time, and retention deletes whole hours.
/// One line per event: <c>{"id":…,"ts":…,"type":"motion","event":{…the validated payload…}}</c>.
/// </summary>
public sealed class EventLog(IBlobStore store)
{
    /// <summary>The longest range one read may cover: the retention period and a day of slack.</summary>
    public static readonly TimeSpan MaxReadRange = TimeSpan.FromDays(29);

    public static string GateSource(string gate) => $"gates/{gate}";

    /// <summary>The hour bucket of an event: the same rule retention uses to decide when the bucket expires.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset ts) => Domain.Retention.RetentionPolicy.HourOf(ts);

    public static string HourBlob(string site, string source, DateTimeOffset ts)
    {
        var utc = ts.UtcDateTime;
        return $"events/{site}/{source}/{utc:yyyy}/{utc:MM}/{utc:dd}/{utc:HH}.jsonl";
    }

    /// <summary>
    /// Appends entries of one hour bucket in one write. After a torn write (<paramref name="afterTornLine"/>) the batch
    /// starts on a new line, so the torn fragment stays one unreadable line instead of swallowing the first new event.
    /// </summary>
    public async Task AppendAsync(string site, string source, DateTimeOffset hour, IEnumerable<EventLogEntry> entries, bool afterTornLine = false, CancellationToken cancellationToken = default)
    {
        // Sized for the round's entries (a few hundred bytes each), so a large round does not copy its lines while it grows.
        var buffer = new ArrayBufferWriter<byte>(entries.TryGetNonEnumeratedCount(out var count) ? Math.Max(1024, count * 384) : 1024);
        if (afterTornLine) buffer.Write("\n"u8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            foreach (var entry in entries)
            {
                WriteLine(writer, entry);
                writer.Flush();
                writer.Reset();
                buffer.Write("\n"u8);
            }
        }
        var started = Stopwatch.GetTimestamp();
        var blob = HourBlob(site, source, hour);
        using var span = StorageTracing.Source.StartActivity("storage.append");
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("camerabeheer.blob", blob);
            span.SetTag("camerabeheer.bytes", buffer.WrittenCount);
        }
        await store.AppendAsync(blob, buffer.WrittenMemory, cancellationToken);
        StorageMetrics.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The events of one hour bucket in the order they were appended (empty when the bucket does not exist).</summary>
    public async Task<EventLogHour> ReadHourAsync(string site, string source, DateTimeOffset hour, CancellationToken cancellationToken = default)
    {
        var blob = await store.GetAsync(HourBlob(site, source, hour), cancellationToken);
        if (blob is null || blob.Content.IsEmpty) return EventLogHour.Empty;
        return new EventLogHour(Parse(blob.Content).ToList(), blob.Content.Span[^1] != (byte)'\n');
    }

    /// <summary>The source's events with <paramref name="from"/> ≤ ts &lt; <paramref name="to"/>, hour by hour, each id once.</summary>
    public async IAsyncEnumerable<EventLogEntry> ReadAsync(string site, string source, DateTimeOffset from, DateTimeOffset to,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var hour = HourOf(from); hour < to; hour = hour.AddHours(1))
        {
            foreach (var entry in (await ReadHourAsync(site, source, hour, cancellationToken)).Entries.OrderBy(e => e.Ts))
                if (entry.Ts >= from && entry.Ts < to && seen.Add(entry.Id))
                    yield return entry;
        }
    }

    private static void WriteLine(Utf8JsonWriter writer, EventLogEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("id", entry.Id);
        writer.WriteString("ts", Domain.UtcTimestamps.Format(entry.Ts));
        writer.WriteString("type", entry.Type);
        writer.WritePropertyName("event");
        writer.WriteRawValue(entry.Json, skipInputValidation: false);
        writer.WriteEndObject();
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
                // A torn last line after a crash: that event was never acknowledged, so the edge sends it again.
                entry = null;
            }
            if (entry is not null) yield return entry;
        }
    }
}
