using System.Buffers;
using System.Text.Json;

namespace CameraBeheer.Storage.Retention;

/// <summary>One deletion batch: what goes, of which camera or gate, from which hour, under which rule.</summary>
public sealed record DeletionReceipt(
    DateTimeOffset Time,
    string Rule,
    string Kind,
    string Source,
    DateTimeOffset BucketHour,
    DateTimeOffset? ItemsFrom,
    DateTimeOffset? ItemsTo,
    IReadOnlyList<string> Objects,
    long Count,
    long Bytes);

/// <summary>
/// Writes receipts to <c>retention/{site}/{yyyy}/{MM}/{dd}.jsonl</c> (UTC day of the sweep). A receipt is written
/// <em>before</em> its batch is deleted: nothing is ever deleted without a receipt, and a sweep cut off half-way leaves a
/// receipt whose rest the next sweep deletes (and receipts again).
/// </summary>
public sealed class RetentionReceipts(IBlobStore store)
{
    public static string FileOf(string site, DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return $"retention/{site}/{utc:yyyy}/{utc:MM}/{utc:dd}.jsonl";
    }

    public async Task<string> WriteAsync(string site, DeletionReceipt receipt, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("time", Format(receipt.Time));
            writer.WriteString("rule", receipt.Rule);
            writer.WriteString("kind", receipt.Kind);
            writer.WriteString("source", receipt.Source);
            writer.WriteString("bucket", Format(receipt.BucketHour));
            if (receipt.ItemsFrom is { } from) writer.WriteString("itemsFrom", Format(from));
            if (receipt.ItemsTo is { } to) writer.WriteString("itemsTo", Format(to));
            writer.WriteNumber("count", receipt.Count);
            writer.WriteNumber("bytes", receipt.Bytes);
            writer.WriteStartArray("objects");
            foreach (var name in receipt.Objects) writer.WriteStringValue(name);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        var file = FileOf(site, receipt.Time);
        await store.AppendAsync(file, buffer.WrittenMemory, cancellationToken);
        return file;
    }

    private static string Format(DateTimeOffset t) => Domain.UtcTimestamps.Format(t);
}
