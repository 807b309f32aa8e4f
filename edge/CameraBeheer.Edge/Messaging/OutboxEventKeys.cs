namespace CameraBeheer.Edge.Messaging;

/// <summary>
/// The events the outbox knows by topic and id: those queued, and the last <see cref="EdgeOutboxOptions.RememberCompleted"/>
/// completed (remembered across restarts through the consumer state), so that a producer repeating a step after a
/// crash (the uploader announcing a segment) queues its event once. Not thread-safe: the outbox calls it under its lock.
/// </summary>
internal sealed class OutboxEventKeys(int rememberCompleted)
{
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentOrder = new();
    private readonly HashSet<string> _recent = new(StringComparer.Ordinal);

    /// <summary>The key of an event: its topic (so camera and kind) and its id.</summary>
    public static string Of(string topic, string eventId) => topic + "|" + eventId;

    /// <summary>The keys of the recently completed events, oldest first, as the consumer state stores them.</summary>
    public IReadOnlyList<string> Recent => [.. _recentOrder];

    /// <summary>Whether an event with <paramref name="key"/> is queued or was completed recently.</summary>
    public bool IsKnown(string key) => _queued.Contains(key) || _recent.Contains(key);

    public void Queued(OutboxEntry entry)
    {
        if (entry.Key is { } key)
        {
            _queued.Add(key);
        }
    }

    /// <summary>The event could not be stored: enqueuing it again must be possible.</summary>
    public void NotStored(OutboxEntry entry)
    {
        if (entry.Key is { } key)
        {
            _queued.Remove(key);
        }
    }

    /// <summary>The event is done or dropped: it is remembered as completed.</summary>
    public void Completed(OutboxEntry entry)
    {
        if (entry.Key is { } key)
        {
            _queued.Remove(key);
            Remember(key);
        }
    }

    /// <summary>Remembers a completed key, forgetting the oldest beyond the bound.</summary>
    public void Remember(string key)
    {
        if (rememberCompleted <= 0 || !_recent.Add(key))
        {
            return;
        }

        _recentOrder.Enqueue(key);
        while (_recentOrder.Count > rememberCompleted)
        {
            _recent.Remove(_recentOrder.Dequeue());
        }
    }
}
