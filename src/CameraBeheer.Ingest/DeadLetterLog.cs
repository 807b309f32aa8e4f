using System.Buffers;
using System.Text.Json;
using CameraBeheer.Storage;

namespace CameraBeheer.Ingest;

/// <summary>Writes rejected input to <c>deadletter/{yyyy}/{MM}/{dd}.jsonl</c> (UTC days): topic, reason, a safe excerpt, size.</summary>
public sealed class DeadLetterLog(IBlobStore store, TimeProvider time)
{
    private const int ExcerptBytes = 256;

    public async Task WriteAsync(string topic, ReadOnlySequence<byte> payload, EdgeMessage.Rejected rejected, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entry = new Dictionary<string, object>
        {
            ["time"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            ["topic"] = Printable.Excerpt(topic, 300),
            ["reason"] = rejected.Reason,
            ["detail"] = rejected.Detail,
            ["bytes"] = payload.Length,
            ["excerpt"] = Printable.Excerpt(payload.Slice(0, Math.Min(payload.Length, ExcerptBytes)).ToArray(), ExcerptBytes),
        };
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, DeadLetterJsonContext.Default.DictionaryStringObject);
        byte[] record = [.. line, (byte)'\n'];
        await store.AppendAsync($"deadletter/{now:yyyy}/{now:MM}/{now:dd}.jsonl", record, cancellationToken);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, object>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(long))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class DeadLetterJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
