namespace CameraBeheer.Edge.Messaging;

/// <summary>The kinds of event the outbox carries: one per topic of contract v1, and the agent's own retention receipts.</summary>
public enum OutboxEventKind
{
    Motion,
    Segment,
    Status,
    Gate,

    /// <summary>A receipt of the edge's own four-week rule, on <c>camerabeheer/edge/{site}/{agent}/receipt</c>.</summary>
    Receipt,
}

/// <summary>
/// One queued event as the outbox hands it to a publisher: publish it, then <see cref="EdgeOutbox.Complete"/> it once
/// the broker acknowledged it, or <see cref="EdgeOutbox.Release"/> it to have it handed out again.
/// </summary>
/// <param name="Sequence">Position in the outbox; increases with every enqueue, also across restarts.</param>
/// <param name="Source">The camera or gate id.</param>
/// <param name="EventId">The payload's <c>id</c>; null for a status.</param>
/// <param name="Rejections">How often the broker refused it so far (in this process).</param>
public sealed record OutboxMessage(
    long Sequence,
    OutboxEventKind Kind,
    string Source,
    string Topic,
    bool Retain,
    string? EventId,
    ReadOnlyMemory<byte> Payload,
    DateTimeOffset EnqueuedAt,
    int Rejections)
{
    /// <summary>The ordering lane: events of one lane are handed out one at a time, in order.</summary>
    public string Lane => LaneOf(Kind, Source);

    internal static string LaneOf(OutboxEventKind kind, string source) => kind switch
    {
        OutboxEventKind.Gate => "gate/" + source,
        OutboxEventKind.Receipt => "agent/" + source,
        _ => "camera/" + source,
    };
}

/// <summary>The outbox's depth at one moment.</summary>
/// <param name="Events">Events waiting or in flight.</param>
/// <param name="Bytes">Their payload and topic bytes.</param>
/// <param name="InFlight">Handed to a publisher and not yet completed or released.</param>
/// <param name="DroppedFootage">Segment events dropped because the outbox was full, since it was opened.</param>
/// <param name="DroppedOther">Other events dropped because the outbox was full and held no footage events.</param>
public readonly record struct OutboxStats(int Events, long Bytes, int InFlight, long DroppedFootage, long DroppedOther);

/// <summary>What one run of the four-week rule removed from the outbox journal.</summary>
/// <param name="Records">Records removed from disk (sent or dropped) that were written before the cutoff.</param>
/// <param name="Bytes">Their payload and topic bytes.</param>
/// <param name="Oldest">When the oldest of them was written.</param>
/// <param name="Newest">When the newest of them was written.</param>
/// <param name="Dropped">How many of them had not been sent (counted as drops).</param>
public readonly record struct JournalAgeOut(int Records, long Bytes, DateTimeOffset? Oldest, DateTimeOffset? Newest, int Dropped);
