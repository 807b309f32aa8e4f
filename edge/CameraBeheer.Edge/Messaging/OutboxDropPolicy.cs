namespace CameraBeheer.Edge.Messaging;

/// <summary>
/// The outbox's bounds and what goes first when they are exceeded: at most <see cref="EdgeOutboxOptions.MaxEvents"/>
/// events and <see cref="EdgeOutboxOptions.MaxBytes"/> bytes live (queued or in flight). Beyond them the oldest queued
/// footage announcement is dropped first (the footage is in the blob store already; only its announcement is lost),
/// and only when no footage announcement is queued the oldest queued event of any kind. An event in flight is never
/// dropped: its publish decides. Not thread-safe: the outbox calls it under its lock.
/// </summary>
internal sealed class OutboxDropPolicy(int maxEvents, long maxBytes)
{
    private readonly Queue<OutboxEntry> _byAge = new();
    private readonly Queue<OutboxEntry> _segmentsByAge = new();

    /// <summary>Events queued or in flight.</summary>
    public int LiveCount { get; private set; }

    /// <summary>Their payload and topic bytes.</summary>
    public long LiveBytes { get; private set; }

    /// <summary>Footage announcements dropped since the outbox was opened (the bounds or the four-week rule).</summary>
    public long DroppedFootage { get; private set; }

    /// <summary>Other events dropped since the outbox was opened.</summary>
    public long DroppedOther { get; private set; }

    /// <summary>Whether an event must go before the bounds hold again.</summary>
    public bool OverBounds => LiveCount > maxEvents || LiveBytes > maxBytes;

    /// <summary>Counts a newly visible event, in sequence order.</summary>
    public void Add(OutboxEntry entry)
    {
        _byAge.Enqueue(entry);
        if (entry.Kind == OutboxEventKind.Segment)
        {
            _segmentsByAge.Enqueue(entry);
        }

        LiveCount++;
        LiveBytes += entry.Size;
    }

    /// <summary>The event is done or dropped: it no longer counts against the bounds.</summary>
    public void Remove(OutboxEntry entry)
    {
        LiveCount--;
        LiveBytes -= entry.Size;
    }

    /// <summary>Counts a drop by its kind (footage or other), for the health report and the log.</summary>
    public void CountDrop(OutboxEntry entry)
    {
        if (entry.Kind == OutboxEventKind.Segment)
        {
            DroppedFootage++;
        }
        else
        {
            DroppedOther++;
        }
    }

    /// <summary>The event to drop next: the oldest queued footage announcement, else the oldest queued event; null when
    /// everything live is in flight.</summary>
    public OutboxEntry? NextToDrop() => OldestQueued(_segmentsByAge) ?? OldestQueued(_byAge);

    /// <summary>The sequence of the oldest live event; null when none is.</summary>
    public long? OldestLiveSequence()
    {
        Prune(_byAge);
        return _byAge.TryPeek(out var oldest) ? oldest.Seq : null;
    }

    private static OutboxEntry? OldestQueued(Queue<OutboxEntry> byAge)
    {
        Prune(byAge);
        foreach (var entry in byAge)
        {
            if (entry.State == OutboxEntryState.Queued)
            {
                return entry;
            }
        }

        return null;
    }

    private static void Prune(Queue<OutboxEntry> byAge)
    {
        while (byAge.TryPeek(out var head) && head.IsDead)
        {
            byAge.Dequeue();
        }
    }
}
