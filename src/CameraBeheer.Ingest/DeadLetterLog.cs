using System.Buffers;
using System.Text.Json;
using CameraBeheer.Contracts.Text;
using CameraBeheer.Storage;

namespace CameraBeheer.Ingest;

/// <summary>A rejected message as it is kept: when, on which topic, why, how big, and a safe excerpt.</summary>
public sealed record DeadLetter(DateTimeOffset Time, string Topic, string Reason, string Detail, long Bytes, string Excerpt)
{
    private const int ExcerptBytes = 256;

    private const int DetailChars = 1000;

    /// <summary>Takes what is needed from the message now: its buffer is not ours once the handler returns.</summary>
    /// <remarks>Every text here comes from outside or quotes it, and is logged as well as stored: each goes through
    /// <see cref="Printable"/> here, whatever the decoder already did (escaping twice changes nothing).</remarks>
    public static DeadLetter Of(DateTimeOffset now, string topic, ReadOnlySequence<byte> payload, EdgeMessage.Rejected rejected) =>
        new(now, Printable.Excerpt(topic, 300), Printable.Excerpt(rejected.Reason, 40), Printable.Excerpt(rejected.Detail, DetailChars), payload.Length,
            Printable.Excerpt(payload.Slice(0, Math.Min(payload.Length, ExcerptBytes)).ToArray(), ExcerptBytes));
}

/// <summary>Writes rejected input to <c>deadletter/{yyyy}/{MM}/{dd}.jsonl</c> (UTC days), a batch in one append per day.</summary>
public sealed class DeadLetterLog(IBlobStore store)
{
    public async Task AppendAsync(IReadOnlyCollection<DeadLetter> letters, CancellationToken cancellationToken)
    {
        foreach (var day in letters.GroupBy(l => l.Time.UtcDateTime.Date))
        {
            var buffer = new ArrayBufferWriter<byte>(512);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                foreach (var letter in day)
                {
                    WriteLine(writer, letter);
                    writer.Flush();
                    writer.Reset();
                    buffer.Write("\n"u8);
                }
            }
            await store.AppendAsync(Storage.Retention.DeadLetterLayout.DayFile(new DateTimeOffset(day.Key, TimeSpan.Zero)), buffer.WrittenMemory, cancellationToken);
        }
    }

    private static void WriteLine(Utf8JsonWriter writer, DeadLetter letter)
    {
        writer.WriteStartObject();
        writer.WriteString("time", Domain.UtcTimestamps.Format(letter.Time));
        writer.WriteString("topic", letter.Topic);
        writer.WriteString("reason", letter.Reason);
        writer.WriteString("detail", letter.Detail);
        writer.WriteNumber("bytes", letter.Bytes);
        writer.WriteString("excerpt", letter.Excerpt);
        writer.WriteEndObject();
    }
}
