namespace CameraBeheer.Edge.Messaging;

/// <summary>Where an event of the outbox stands.</summary>
internal enum OutboxEntryState
{
    /// <summary>Handed to the journal writer, not yet on disk; not visible to a publisher.</summary>
    Writing,
    Queued,
    InFlight,
    Done,
    Dropped,
}

/// <summary>One event of the outbox in memory: its journal record, where it stands, and the file that holds it.</summary>
internal sealed class OutboxEntry
{
    public long Seq { get; init; }

    public OutboxEventKind Kind { get; init; }

    public required string Source { get; init; }

    public required string Lane { get; init; }

    public required string Topic { get; init; }

    public bool Retain { get; init; }

    public string? EventId { get; init; }

    /// <summary>The topic|id by which an event enqueued again is recognised; null for a status.</summary>
    public string? Key { get; init; }

    public DateTimeOffset EnqueuedAt { get; init; }

    /// <summary>Emptied once the event is dead: the journal record keeps it until the file is rewritten or deleted.</summary>
    public required byte[] Payload { get; set; }

    /// <summary>What the event counts against <see cref="EdgeOutboxOptions.MaxBytes"/>: payload and topic.</summary>
    public int Size { get; init; }

    public OutboxEntryState State { get; set; }

    public int Rejections { get; set; }

    public OutboxJournalFile? File { get; set; }

    /// <summary>Done (acknowledged) or dropped: nothing will hand it out again.</summary>
    public bool IsDead => State is OutboxEntryState.Done or OutboxEntryState.Dropped;

    /// <summary>Waiting or in flight: its record must stay in the journal.</summary>
    public bool IsLive => State is OutboxEntryState.Queued or OutboxEntryState.InFlight;

    public static OutboxEntry Create(
        long seq, OutboxEventKind kind, string source, string topic, bool retain, string? eventId, DateTimeOffset enqueuedAt, byte[] payload, OutboxEntryState state) => new()
    {
        Seq = seq,
        Kind = kind,
        Source = source,
        Lane = OutboxMessage.LaneOf(kind, source),
        Topic = topic,
        Retain = retain,
        EventId = eventId,
        Key = eventId is null ? null : OutboxEventKeys.Of(topic, eventId),
        EnqueuedAt = enqueuedAt,
        Payload = payload,
        Size = payload.Length + topic.Length,
        State = state,
    };

    public static OutboxEntry From(JournalRecord r, OutboxEntryState state) =>
        Create(r.Sequence, r.Kind, r.Source, r.Topic, r.Retain, r.EventId, r.EnqueuedAt, r.Payload, state);

    public JournalRecord ToRecord() => new(Seq, Kind, Source, Topic, Retain, EventId, EnqueuedAt, Payload);

    public OutboxMessage ToMessage() => new(Seq, Kind, Source, Topic, Retain, EventId, Payload, EnqueuedAt, Rejections);
}
