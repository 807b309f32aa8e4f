using System.Buffers;
using System.Diagnostics;
using CameraBeheer.Contracts.Mqtt;

namespace CameraBeheer.Ingest;

/// <summary>The common entry of both ways in (the embedded broker and the subscriber): validate, then queue for storing.</summary>
public sealed class EdgeIngest(EdgeMessageDecoder decoder, IngestBatcher batcher, IngestMetrics metrics, TimeProvider time, IngestStageTimings? timings = null)
{
    /// <summary>
    /// The topics the backend takes in: contract v1 and the agents' own status. Anything else an agent may publish
    /// passes the embedded broker untouched.
    /// </summary>
    public static bool TakesIn(string topic) =>
        topic.StartsWith(EdgeTopics.Prefix, StringComparison.Ordinal)
        || EdgeTopics.IsAgentStatus(topic);

    /// <summary>
    /// Queues one message; <paramref name="acknowledge"/> runs once its effect is stored (or, for input that breaks the
    /// contract, once it is dead-lettered), <paramref name="requestRedelivery"/> when storing failed.
    /// </summary>
    public ValueTask AcceptAsync(string topic, ReadOnlySequence<byte> payload, Func<Task> acknowledge, Action requestRedelivery, CancellationToken cancellationToken)
    {
        var received = Stopwatch.GetTimestamp();
        metrics.Received();
        var decoded = decoder.Decode(topic, payload);
        if (timings is { Enabled: true }) TimeReceipt(decoded, received);
        // The payload buffer is not ours after the caller returns: a dead letter takes its excerpt now.
        var deadLetter = decoded is EdgeMessage.Rejected rejected ? DeadLetter.Of(time.GetUtcNow(), topic, payload, rejected) : null;
        return batcher.EnqueueAsync(new PendingMessage(decoded, deadLetter, acknowledge, requestRedelivery, received), cancellationToken);
    }

    /// <summary>The broker's part is measured from the time the edge stamped on a motion event (to the millisecond).</summary>
    private void TimeReceipt(EdgeMessage decoded, long received)
    {
        timings!.Record(IngestStage.Decode, Stopwatch.GetElapsedTime(received).TotalMilliseconds);
        if (decoded is EdgeMessage.Motion motion)
            timings.Record(IngestStage.MqttReceive, (time.GetUtcNow() - motion.Observation.Ts).TotalMilliseconds);
    }
}
