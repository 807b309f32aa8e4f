using System.Buffers;
using System.Text.Json;

namespace CameraBeheer.Edge.Messaging;

/// <summary>
/// The on-disk format of <see cref="EdgeOutbox"/> (described for people in Messaging/OUTBOX.md).
/// <list type="bullet">
/// <item><c>journal/{first sequence:D20}.jsonl</c>: append-only, one JSON record per line, in sequence order:
/// <c>{"seq":17,"kind":"motion","source":"cam-01","topic":"camerabeheer/v1/…/motion","retain":false,"id":"m-…","at":"…","payload":{…}}</c>.
/// The payload is the MQTT payload itself, embedded as JSON, byte for byte.</item>
/// <item><c>state.json</c>: the consumer pointer, replaced atomically: <c>{"version":1,"through":N,"done":[…],"recent":[…]}</c>:
/// every record up to <c>through</c> is done (acknowledged or dropped), and so are those listed in <c>done</c>;
/// <c>recent</c> holds the keys (topic|id) of the last completed events, so an event enqueued again after a crash is
/// recognised.</item>
/// </list>
/// </summary>
internal static class OutboxJournal
{
    public const string JournalFolder = "journal";
    public const string Extension = ".jsonl";
    public const string StateFile = "state.json";
    public const string TempSuffix = ".new";
    public const int FormatVersion = 1;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    public static string KindName(OutboxEventKind kind) => kind switch
    {
        OutboxEventKind.Motion => "motion",
        OutboxEventKind.Segment => "segment",
        OutboxEventKind.Status => "status",
        OutboxEventKind.Receipt => "receipt",
        _ => "gate",
    };

    public static bool TryKind(string? name, out OutboxEventKind kind)
    {
        (var ok, kind) = name switch
        {
            "motion" => (true, OutboxEventKind.Motion),
            "segment" => (true, OutboxEventKind.Segment),
            "status" => (true, OutboxEventKind.Status),
            "gate" => (true, OutboxEventKind.Gate),
            "receipt" => (true, OutboxEventKind.Receipt),
            _ => (false, default),
        };
        return ok;
    }

    public static string FileName(long firstSequence) => firstSequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    /// <summary>One record as a line, ending with '\n'.</summary>
    public static byte[] Serialize(JournalRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(record.Payload.Length + record.Topic.Length + 160);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", record.Sequence);
            writer.WriteString("kind", KindName(record.Kind));
            writer.WriteString("source", record.Source);
            writer.WriteString("topic", record.Topic);
            writer.WriteBoolean("retain", record.Retain);
            if (record.EventId is not null)
            {
                writer.WriteString("id", record.EventId);
            }

            writer.WriteString("at", Domain.UtcTimestamps.Format(record.EnqueuedAt));
            writer.WritePropertyName("payload");
            writer.WriteRawValue(record.Payload, skipInputValidation: false);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads one line back; null (with a reason) when it is not a record.</summary>
    public static JournalRecord? Parse(ReadOnlySpan<byte> line, out string? problem)
    {
        problem = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "not a JSON object";
                return null;
            }

            if (!root.TryGetProperty("seq", out var seq) || !seq.TryGetInt64(out var sequence) || sequence <= 0
                || !root.TryGetProperty("kind", out var kindText) || !TryKind(kindText.GetString(), out var kind)
                || !root.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("topic", out var topic) || topic.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("payload", out var payload))
            {
                problem = "a field is missing or has the wrong type";
                return null;
            }

            var retain = root.TryGetProperty("retain", out var r) && r.ValueKind == JsonValueKind.True;
            var id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            var at = root.TryGetProperty("at", out var a) && a.TryGetDateTimeOffset(out var when) ? when : DateTimeOffset.UnixEpoch;
            return new JournalRecord(sequence, kind, source.GetString()!, topic.GetString()!, retain, id, at,
                System.Text.Encoding.UTF8.GetBytes(payload.GetRawText()));
        }
        catch (JsonException e)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>
    /// Reads a journal file. A last line without its '\n' is a write cut short by a crash (its enqueue never returned):
    /// the file is cut back to the last whole line. A damaged line elsewhere is reported and skipped.
    /// </summary>
    public static List<JournalRecord> Read(string path, Action<string> reportDamage)
    {
        var records = new List<JournalRecord>();
        byte[] content;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
        {
            content = new byte[stream.Length];
            stream.ReadExactly(content);
            var end = content.AsSpan().LastIndexOf((byte)'\n') + 1;
            if (end < content.Length)
            {
                reportDamage($"{Path.GetFileName(path)}: cut back {content.Length - end} bytes of a record whose write was interrupted");
                stream.SetLength(end);
                stream.Flush(flushToDisk: true);
                content = content[..end];
            }
        }

        var lineNumber = 0;
        var rest = content.AsSpan();
        while (rest.Length > 0)
        {
            lineNumber++;
            var newline = rest.IndexOf((byte)'\n');
            var line = rest[..newline];
            rest = rest[(newline + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            if (Parse(line, out var problem) is { } record)
            {
                records.Add(record);
            }
            else
            {
                reportDamage($"{Path.GetFileName(path)} line {lineNumber}: skipped a damaged record ({problem})");
            }
        }

        return records;
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically: a temp file beside it, flushed to
    /// disk, renamed over it. Readers (and a restart after a crash) see the old file or the new, never a mix.</summary>
    public static void ReplaceAtomically(string path, ReadOnlySpan<byte> content)
    {
        var temp = path + TempSuffix;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    public static byte[] SerializeState(OutboxState state)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + state.Done.Count * 8 + state.Recent.Count * 100);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", FormatVersion);
            writer.WriteNumber("through", state.Through);
            writer.WriteStartArray("done");
            foreach (var seq in state.Done)
            {
                writer.WriteNumberValue(seq);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("recent");
            foreach (var key in state.Recent)
            {
                writer.WriteStringValue(key);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the consumer state; a missing file is the state of a new outbox.</summary>
    /// <exception cref="InvalidDataException">The file is not a state this version understands.</exception>
    public static OutboxState ReadState(string path)
    {
        if (!File.Exists(path))
        {
            return new OutboxState(0, [], []);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (!root.TryGetProperty("version", out var version) || version.GetInt32() != FormatVersion)
            {
                throw new InvalidDataException($"{path} has an unknown format version");
            }

            var through = root.GetProperty("through").GetInt64();
            var done = root.TryGetProperty("done", out var d) ? d.EnumerateArray().Select(x => x.GetInt64()).ToList() : [];
            var recent = root.TryGetProperty("recent", out var r) ? r.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToList() : [];
            return new OutboxState(through, done, recent);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{path} is damaged: {e.Message}", e);
        }
    }
}

/// <summary>One record of the journal.</summary>
internal sealed record JournalRecord(
    long Sequence,
    OutboxEventKind Kind,
    string Source,
    string Topic,
    bool Retain,
    string? EventId,
    DateTimeOffset EnqueuedAt,
    byte[] Payload);

/// <summary>The consumer state: what of the journal is done.</summary>
internal sealed record OutboxState(long Through, IReadOnlyList<long> Done, IReadOnlyList<string> Recent);
