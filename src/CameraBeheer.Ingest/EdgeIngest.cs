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
        var outside = Activity.Current;
        var receive = IngestTracing.Source.StartActivity("ingest.receive", ActivityKind.Consumer);
        if (receive is { IsAllDataRequested: true })
        {
            receive.SetTag("messaging.system", "mqtt");
            receive.SetTag("messaging.destination.name", topic);
        }
        var decoded = Decode(topic, payload);
        if (timings is { Enabled: true }) TimeReceipt(decoded, received);
        // The payload buffer is not ours after the caller returns: a dead letter takes its excerpt now.
        var deadLetter = decoded is EdgeMessage.Rejected rejected ? DeadLetter.Of(time.GetUtcNow(), topic, payload, rejected) : null;
        var queued = batcher.EnqueueAsync(new PendingMessage(decoded, deadLetter, acknowledge, requestRedelivery, received, receive?.Context ?? default), cancellationToken);
        if (receive is null) return queued;
        // The broker's next message is not part of this one's trace: the span goes on (until queued) without being current.
        Activity.Current = outside;
        return EndWhenQueuedAsync(queued, receive);
    }

    private EdgeMessage Decode(string topic, ReadOnlySequence<byte> payload)
    {
        using var span = IngestTracing.Source.StartActivity("ingest.decode");
        var decoded = decoder.Decode(topic, payload);
        if (span is { IsAllDataRequested: true } && decoded is EdgeMessage.Rejected rejected)
            span.SetStatus(ActivityStatusCode.Error, rejected.Reason);
        return decoded;
    }

    /// <summary>The receipt ends when the message is in the storing queue (a full queue holds the broker back here).</summary>
    private static async ValueTask EndWhenQueuedAsync(ValueTask queued, Activity receive)
    {
        try
        {
            await queued;
        }
        finally
        {
            receive.Dispose();
        }
    }

    /// <summary>The broker's part is measured from the time the edge stamped on a motion event (to the millisecond).</summary>
    private void TimeReceipt(EdgeMessage decoded, long received)
    {
        timings!.Record(IngestStage.Decode, Stopwatch.GetElapsedTime(received).TotalMilliseconds);
        if (decoded is EdgeMessage.Motion motion)
            timings.Record(IngestStage.MqttReceive, (time.GetUtcNow() - motion.Observation.Ts).TotalMilliseconds);
    }
}
