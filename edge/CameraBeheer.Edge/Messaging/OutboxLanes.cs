namespace CameraBeheer.Edge.Messaging;

/// <summary>
/// The publisher side of the outbox: the events of one camera (or gate, or the agent's receipts) form a lane, handed
/// out one at a time in enqueue order; lanes proceed independently, and a lane whose event the broker refused is parked
/// until its retry time, holding up only itself. Not thread-safe: the outbox calls it under its lock.
/// </summary>
internal sealed class OutboxLanes(TimeProvider time)
{
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly SortedSet<(long Seq, string Lane)> _ready = [];
    private readonly PriorityQueue<Lane, DateTimeOffset> _parked = new();
    private TaskCompletionSource _readySignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Events handed out and not yet completed or released.</summary>
    public int InFlight { get; private set; }

    /// <summary>Whether an event can be handed out now.</summary>
    public bool HasReady
    {
        get
        {
            PromoteParked();
            return _ready.Count > 0;
        }
    }

    /// <summary>Appends a newly visible event to its lane.</summary>
    public void Add(OutboxEntry entry)
    {
        if (!_lanes.TryGetValue(entry.Lane, out var lane))
        {
            _lanes[entry.Lane] = lane = new Lane(entry.Lane);
        }

        lane.Entries.Enqueue(entry);
        Update(lane);
    }

    /// <summary>Hands out the oldest event of a lane with nothing in flight; false when there is none now.</summary>
    public bool TryTake(out OutboxEntry entry)
    {
        entry = null!;
        PromoteParked();
        if (_ready.Count == 0)
        {
            return false;
        }

        var first = _ready.Min;
        _ready.Remove(first);
        var lane = _lanes[first.Lane];
        lane.ReadySeq = -1;
        entry = lane.Entries.Peek();
        entry.State = OutboxEntryState.InFlight;
        lane.InFlight = entry;
        InFlight++;
        return true;
    }

    /// <summary>The event in flight as <paramref name="message"/>; null when it is not (or no longer) in flight.</summary>
    public OutboxEntry? TakeBack(OutboxMessage message)
    {
        if (!_lanes.TryGetValue(message.Lane, out var lane) || lane.InFlight is not { } entry || entry.Seq != message.Sequence)
        {
            return null; // a second completion, or one of an outbox reopened since
        }

        lane.InFlight = null;
        InFlight--;
        return entry;
    }

    /// <summary>Puts a taken-back event at the front of its lane again, parking the lane for <paramref name="retryAfter"/>
    /// when the broker refused it.</summary>
    public void Requeue(OutboxEntry entry, TimeSpan retryAfter)
    {
        entry.State = OutboxEntryState.Queued;
        var lane = _lanes[entry.Lane];
        if (retryAfter > TimeSpan.Zero)
        {
            entry.Rejections++;
            lane.ParkedUntil = time.GetUtcNow() + retryAfter;
        }

        Update(lane);
    }

    /// <summary>The lane of <paramref name="entry"/> may have changed (its head completed or dropped): update the ready set.</summary>
    public void Update(OutboxEntry entry) => Update(_lanes[entry.Lane]);

    /// <summary>Wakes every waiter (the outbox closes).</summary>
    public void WakeAll() => _readySignal.TrySetResult();

    /// <summary>What a waiting publisher waits for: the signal of a lane becoming ready, and how long until the first
    /// parked lane's retry time (null when none is parked). Null when an event is ready already.</summary>
    public (Task Signal, TimeSpan? ParkedFor)? WaitFor()
    {
        PromoteParked();
        if (_ready.Count > 0)
        {
            return null;
        }

        if (_readySignal.Task.IsCompleted)
        {
            _readySignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        TimeSpan? parkedFor = _parked.TryPeek(out _, out var until) ? until - time.GetUtcNow() : null;
        return (_readySignal.Task, parkedFor);
    }

    /// <summary>Puts a lane in the ready set when it has an event to hand out and nothing in flight, or takes it out.</summary>
    private void Update(Lane lane)
    {
        while (lane.Entries.TryPeek(out var head) && head.IsDead)
        {
            lane.Entries.Dequeue();
        }

        var now = time.GetUtcNow();
        var hasWork = lane.InFlight is null && lane.Entries.Count > 0;
        var parked = hasWork && lane.ParkedUntil > now;
        var seq = hasWork && !parked ? lane.Entries.Peek().Seq : -1;
        if (lane.ReadySeq != seq)
        {
            if (lane.ReadySeq >= 0)
            {
                _ready.Remove((lane.ReadySeq, lane.Key));
            }

            if (seq >= 0)
            {
                _ready.Add((seq, lane.Key));
            }

            lane.ReadySeq = seq;
        }

        if (parked && !lane.InParkedQueue)
        {
            _parked.Enqueue(lane, lane.ParkedUntil);
            lane.InParkedQueue = true;
        }

        if (seq >= 0 || parked)
        {
            _readySignal.TrySetResult();
        }
    }

    private void PromoteParked()
    {
        var now = time.GetUtcNow();
        while (_parked.TryPeek(out var lane, out var until) && until <= now)
        {
            _parked.Dequeue();
            lane.InParkedQueue = false;
            Update(lane);
        }
    }

    private sealed class Lane(string key)
    {
        public string Key { get; } = key;

        public Queue<OutboxEntry> Entries { get; } = new();

        public OutboxEntry? InFlight { get; set; }

        /// <summary>The sequence under which the lane sits in the ready set; -1 when it is not there.</summary>
        public long ReadySeq { get; set; } = -1;

        public DateTimeOffset ParkedUntil { get; set; }

        public bool InParkedQueue { get; set; }
    }
}
