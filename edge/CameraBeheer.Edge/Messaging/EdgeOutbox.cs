using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Domain;
using Microsoft.Extensions.Logging.Abstractions;

namespace CameraBeheer.Edge.Messaging;

/// <summary>
/// The store-and-forward queue of the edge: every event (motion, segment, status, gate) is written here first, to an
/// append-only journal flushed to disk, and only then handed to the publisher, which completes it once the broker
/// acknowledged it. Nothing is lost across a restart: a new outbox on the same folder hands out, in order, everything
/// not completed (an event in flight when the agent died is sent again; the backend recognises it by its id).
/// </summary>
/// <remarks>
/// <para><b>Order.</b> Events of one camera (or one gate) form a lane and are handed out one at a time, in the order
/// they were enqueued; lanes proceed independently, so a camera whose events the broker refuses holds up only itself.</para>
/// <para><b>Bounds.</b> At most <see cref="EdgeOutboxOptions.MaxEvents"/> events and <see cref="EdgeOutboxOptions.MaxBytes"/>
/// bytes. Beyond that the oldest segment events are dropped first (the footage is in the blob store already; only its
/// announcement is lost), then, when none is left, the oldest events of any kind. Every drop is logged, counted
/// (<c>camerabeheer.edge.outbox.dropped</c>) and reported in the agent status message (<see cref="EdgeHealth"/>).</para>
/// <para><b>Idempotent enqueue.</b> An event whose topic and id are already queued, or were completed recently
/// (<see cref="EdgeOutboxOptions.RememberCompleted"/>, remembered across restarts), is not queued again, so a producer
/// that repeats a step after a crash (the uploader) announces a segment once.</para>
/// <para>The rooms: the journal on disk (<see cref="OutboxJournalFiles"/>, format in <see cref="OutboxJournal"/> and
/// Messaging/OUTBOX.md), the publisher side (<see cref="OutboxLanes"/>), the bounds and what is dropped first
/// (<see cref="OutboxDropPolicy"/>) and the known event ids (<see cref="OutboxEventKeys"/>). This class holds the one
/// lock they work under, the writer task that commits enqueued events to the journal in groups, and the public API.</para>
/// </remarks>
public sealed class EdgeOutbox : IAsyncDisposable, IDisposable
{
    /// <summary>Contract v1's limit on a payload.</summary>
    public const int MaxPayloadBytes = 16 * 1024;

    private readonly EdgeOutboxOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly EdgeHealth? _health;

    private readonly Lock _lock = new();
    private readonly OutboxJournalFiles _journal;
    private readonly OutboxLanes _lanes;
    private readonly OutboxDropPolicy _bounds;
    private readonly OutboxEventKeys _keys;
    private List<PendingWrite> _pending = [];
    private TaskCompletionSource? _rollOver;
    private long _nextSeq;
    private long _nextVisibleSeq;
    private bool _closed;

    private readonly SemaphoreSlim _writeSignal = new(0);
    private readonly CancellationTokenSource _stopMaintenance = new();
    private readonly Task _writer;
    private readonly Task _maintenance;

    /// <summary>Opens the outbox in <see cref="EdgeOutboxOptions.Folder"/>, reading back what an earlier run left.</summary>
    public EdgeOutbox(EdgeOutboxOptions options, ILogger<EdgeOutbox>? logger = null, TimeProvider? timeProvider = null, EdgeHealth? health = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Folder))
        {
            throw new ArgumentException("the outbox needs a folder (EdgeOutboxOptions.Folder)", nameof(options));
        }

        if (!Ids.IsValid(options.Site))
        {
            throw new ArgumentException($"site '{options.Site}' is not a valid id: {Ids.Rule}", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxEvents, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBytes, MaxPayloadBytes);
        _options = options;
        _logger = logger ?? NullLogger<EdgeOutbox>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _health = health;
        _lanes = new OutboxLanes(_time);
        _bounds = new OutboxDropPolicy(options.MaxEvents, options.MaxBytes);
        _keys = new OutboxEventKeys(options.RememberCompleted);
        _journal = new OutboxJournalFiles(Path.GetFullPath(options.Folder), options.JournalFileBytes, _lock, () => (DoneThrough(), _keys.Recent));
        Load();
        if (_health is not null)
        {
            _health.OutboxStats = () => Stats;
        }

        _writer = Task.Run(WriteLoopAsync);
        _maintenance = Task.Run(MaintenanceLoopAsync);
    }

    /// <summary>The site the topics are made with.</summary>
    public string Site => _options.Site;

    public OutboxStats Stats
    {
        get
        {
            lock (_lock)
            {
                return new OutboxStats(_bounds.LiveCount, _bounds.LiveBytes, _lanes.InFlight, _bounds.DroppedFootage, _bounds.DroppedOther);
            }
        }
    }

    /// <summary>Queues a motion event of <paramref name="camera"/>; false when an event with its id is already known.</summary>
    public Task<bool> EnqueueMotionAsync(string camera, MotionPayload payload, CancellationToken cancellationToken = default) =>
        EnqueueAsync(OutboxEventKind.Motion, camera, EdgeTopics.Motion(Site, camera), retain: false, payload?.Id,
            Serialize(payload, EdgeJsonContext.Default.MotionPayload), cancellationToken);

    /// <summary>Queues the announcement of an uploaded segment; false when it is already queued or was sent recently.</summary>
    public Task<bool> EnqueueSegmentAsync(string camera, SegmentPayload payload, CancellationToken cancellationToken = default) =>
        EnqueueAsync(OutboxEventKind.Segment, camera, EdgeTopics.Segment(Site, camera), retain: false, payload?.Id,
            Serialize(payload, EdgeJsonContext.Default.SegmentPayload), cancellationToken);

    /// <summary>Queues a camera status, published retained (contract v1 has it retained; see Messaging/OUTBOX.md on the will).</summary>
    public Task<bool> EnqueueStatusAsync(string camera, StatusPayload payload, CancellationToken cancellationToken = default) =>
        EnqueueAsync(OutboxEventKind.Status, camera, EdgeTopics.Status(Site, camera), retain: true, eventId: null,
            Serialize(payload, EdgeJsonContext.Default.StatusPayload), cancellationToken);

    /// <summary>Queues a gate event; false when an event with its id is already known.</summary>
    public Task<bool> EnqueueGateAsync(string gate, GatePayload payload, CancellationToken cancellationToken = default) =>
        EnqueueAsync(OutboxEventKind.Gate, gate, EdgeTopics.Gate(Site, gate), retain: false, payload?.Id,
            Serialize(payload, EdgeJsonContext.Default.GatePayload), cancellationToken);

    /// <summary>Queues a retention receipt of the agent itself (not retained); false when one with its id is already known.</summary>
    public Task<bool> EnqueueReceiptAsync(string agent, AgentReceiptPayload payload, CancellationToken cancellationToken = default) =>
        EnqueueAsync(OutboxEventKind.Receipt, agent, EdgeTopics.AgentReceipt(Site, agent), retain: false, payload?.Id,
            Serialize(payload, AgentJsonContext.Default.AgentReceiptPayload), cancellationToken);

    /// <summary>
    /// Queues an event and returns once it is on disk. Returns false, queuing nothing, when an event with the same topic
    /// and id is queued already or was completed recently.
    /// </summary>
    /// <exception cref="ArgumentException">The source id or event id breaks contract v1, or the payload is too large.</exception>
    public async Task<bool> EnqueueAsync(
        OutboxEventKind kind, string source, string topic, bool retain, string? eventId, byte[] payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(payload);
        if (!Ids.IsValid(source))
        {
            throw new ArgumentException($"'{source}' is not a valid camera or gate id: {Ids.Rule}", nameof(source));
        }

        if (kind != OutboxEventKind.Status && !EdgeEventIds.IsValid(eventId))
        {
            throw new ArgumentException($"event id '{eventId}' breaks contract v1: 1 to {EdgeEventIds.MaxLength} characters without '/', '+', '#', '\\', spaces or '..'", nameof(eventId));
        }

        if (payload.Length > MaxPayloadBytes)
        {
            throw new ArgumentException($"the payload has {payload.Length} bytes; contract v1 allows at most {MaxPayloadBytes}", nameof(payload));
        }

        cancellationToken.ThrowIfCancellationRequested();
        PendingWrite pending;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (eventId is not null && _keys.IsKnown(OutboxEventKeys.Of(topic, eventId)))
            {
                return false;
            }

            var entry = OutboxEntry.Create(++_nextSeq, kind, source, topic, retain, eventId, _time.GetUtcNow(), payload, OutboxEntryState.Writing);
            _keys.Queued(entry);
            pending = new PendingWrite(entry);
            _pending.Add(pending);
        }

        _writeSignal.Release();
        // Not abandoned on cancellation: the write may already be on disk, and then the event will be sent.
        await pending.Written.Task.ConfigureAwait(false);
        return true;
    }

    /// <summary>Whether <see cref="TryTake"/> would hand out an event now.</summary>
    public bool HasMessageReady
    {
        get
        {
            lock (_lock)
            {
                return !_closed && _lanes.HasReady;
            }
        }
    }

    /// <summary>Takes the next event to publish: the oldest of a lane with nothing in flight. False when there is none now.</summary>
    public bool TryTake(out OutboxMessage message)
    {
        lock (_lock)
        {
            message = null!;
            if (_closed || !_lanes.TryTake(out var entry))
            {
                return false;
            }

            message = entry.ToMessage();
            return true;
        }
    }

    /// <summary>The broker acknowledged <paramref name="message"/>: it is done and will not be handed out again.</summary>
    public void Complete(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_lock)
        {
            if (_lanes.TakeBack(message) is { } entry)
            {
                MarkDead(entry, OutboxEntryState.Done);
            }
        }
    }

    /// <summary>
    /// <paramref name="message"/> was not acknowledged: it goes back to the front of its lane, to be handed out again
    /// (after <paramref name="retryAfter"/>, when the broker refused it, holding up only its own lane).
    /// </summary>
    public void Release(OutboxMessage message, TimeSpan retryAfter = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_lock)
        {
            if (_lanes.TakeBack(message) is { } entry)
            {
                _lanes.Requeue(entry, retryAfter);
            }
        }
    }

    /// <summary>Completes when an event can be taken; throws when the wait is cancelled. A closed outbox has nothing
    /// to take, so the wait then lasts until it is cancelled.</summary>
    public async Task WaitForMessageAsync(CancellationToken cancellationToken)
    {
        bool closed;
        lock (_lock)
        {
            closed = _closed;
        }

        if (closed)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }

        (Task Signal, TimeSpan? ParkedFor)? wait;
        lock (_lock)
        {
            wait = _lanes.WaitFor();
        }

        if (wait is not { } waiting)
        {
            return;
        }

        var (signal, parkedFor) = waiting;

        if (parkedFor is not { } delay)
        {
            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var elapsed = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, _time, timer.Token);
        await Task.WhenAny(signal, elapsed).ConfigureAwait(false);
        await timer.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Writes the consumer state now and removes journal files nothing needs any more (also runs on a timer).</summary>
    public Task CheckpointAsync(CancellationToken cancellationToken = default) => _journal.CheckpointAsync(cancellationToken);

    /// <summary>
    /// The edge's four-week rule on the journal: every queued event written before <paramref name="cutoff"/> is dropped
    /// (logged and counted as a drop, like one the bounds dropped), and every record written before it, sent or not, is
    /// removed from the journal files: a file of only such records is deleted, a file with younger ones beside them is
    /// rewritten without them (atomically, so a crash leaves the old file or the new), and the file being appended to is
    /// closed first so that it can be. Returns what was removed from disk.
    /// </summary>
    /// <remarks>An event in flight is left to its publish: it is done within seconds, and the next sweep removes it.</remarks>
    public async Task<JournalAgeOut> AgeOutAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        List<OutboxEntry> dropped = [];
        TaskCompletionSource? roll = null;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            foreach (var entry in _journal.Entries.Where(e => e.State == OutboxEntryState.Queued && e.EnqueuedAt < cutoff).ToList())
            {
                Drop(entry);
                dropped.Add(entry);
            }

            if (_journal.ActiveHoldsOlderThan(cutoff))
            {
                roll = _rollOver ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _journal.MarkDirty();
        }

        if (dropped.Count > 0)
        {
            var footage = dropped.Count(e => e.Kind == OutboxEventKind.Segment);
            _logger.LogWarning(
                "Outbox: dropped {Count} unsent event(s) written before {Cutoff:O} (the four-week rule), {Footage} of them footage announcements, from {From:O} to {To:O} ({Sources})",
                dropped.Count, cutoff.UtcDateTime, footage, dropped.Min(e => e.EnqueuedAt).UtcDateTime, dropped.Max(e => e.EnqueuedAt).UtcDateTime,
                string.Join(", ", dropped.Select(e => e.Lane).Distinct().Take(8)));
            _health?.OutboxDropped(footage, dropped.Count - footage);
        }

        if (roll is not null)
        {
            _writeSignal.Release();
            await roll.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var removed = await _journal.RemoveDeadOlderThanAsync(cutoff, cancellationToken).ConfigureAwait(false);
        return new JournalAgeOut(
            removed.Count,
            removed.Sum(e => (long)e.Size),
            removed.Count == 0 ? null : removed.Min(e => e.EnqueuedAt),
            removed.Count == 0 ? null : removed.Max(e => e.EnqueuedAt),
            dropped.Count);
    }

    /// <summary>Writes what is queued, saves the consumer state and closes the files. Events not completed stay for the next run.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _lanes.WakeAll();
        }

        _writeSignal.Release();
        await _writer.ConfigureAwait(false);
        await _stopMaintenance.CancelAsync().ConfigureAwait(false);
        await _maintenance.ConfigureAwait(false);
        await _journal.CloseAsync(_logger).ConfigureAwait(false);
        // The write signal is not disposed: an enqueue that raced the close may still release it (harmlessly).
        _stopMaintenance.Dispose();
        if (_health is not null)
        {
            _health.OutboxStats = null;
        }
    }

    /// <summary>The same as <see cref="DisposeAsync"/>, for a container that disposes synchronously.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static byte[] Serialize<T>(T? payload, JsonTypeInfo<T> typeInfo) where T : class
    {
        ArgumentNullException.ThrowIfNull(payload);
        return JsonSerializer.SerializeToUtf8Bytes(payload, typeInfo);
    }

    // ---- the writer: group commit of queued events to the journal ----

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            await _writeSignal.WaitAsync().ConfigureAwait(false);
            List<PendingWrite> batch;
            bool closing;
            lock (_lock)
            {
                batch = _pending;
                _pending = [];
                closing = _closed;
            }

            if (batch.Count > 0)
            {
                WriteBatch(batch);
            }

            // The four-week rule asked for the file being appended to to be closed, so that old records can leave it.
            TaskCompletionSource? roll;
            lock (_lock)
            {
                roll = _rollOver;
                _rollOver = null;
            }

            if (roll is not null)
            {
                _journal.CloseActive();
                roll.TrySetResult();
            }

            lock (_lock)
            {
                if (closing && _pending.Count == 0)
                {
                    return;
                }
            }
        }
    }

    private void WriteBatch(List<PendingWrite> batch)
    {
        try
        {
            var file = _journal.Append([.. batch.Select(p => p.Entry)]);
            List<OutboxEntry> dropped;
            lock (_lock)
            {
                foreach (var p in batch)
                {
                    OutboxJournalFiles.Attach(p.Entry, file);
                    p.Entry.State = OutboxEntryState.Queued;
                    MakeVisible(p.Entry);
                }

                _nextVisibleSeq = batch[^1].Entry.Seq + 1;
                dropped = EnforceBounds();
            }

            ReportDrops(dropped);
            foreach (var p in batch)
            {
                p.Written.TrySetResult();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError("Could not write {Count} events to the outbox journal: {Reason}", batch.Count, e.Message);
            lock (_lock)
            {
                foreach (var p in batch)
                {
                    _keys.NotStored(p.Entry);
                }

                _nextVisibleSeq = batch[^1].Entry.Seq + 1;
            }

            foreach (var p in batch)
            {
                p.Written.TrySetException(new IOException($"the outbox could not store the event: {e.Message}", e));
            }
        }
    }

    // ---- what happens to an event (all under _lock) ----

    private void MakeVisible(OutboxEntry entry)
    {
        _bounds.Add(entry);
        _lanes.Add(entry);
    }

    /// <summary>The event is done (acknowledged) or dropped: it leaves its lane, the bounds and the queued keys.</summary>
    private void MarkDead(OutboxEntry entry, OutboxEntryState state)
    {
        entry.State = state;
        entry.Payload = [];
        _bounds.Remove(entry);
        _journal.NoteDead(entry);
        _keys.Completed(entry);
        _lanes.Update(entry);
    }

    private void Drop(OutboxEntry entry)
    {
        MarkDead(entry, OutboxEntryState.Dropped);
        _bounds.CountDrop(entry);
    }

    /// <summary>Drops events in the policy's order until the bounds hold again.</summary>
    private List<OutboxEntry> EnforceBounds()
    {
        List<OutboxEntry> dropped = [];
        while (_bounds.OverBounds && _bounds.NextToDrop() is { } victim)
        {
            Drop(victim);
            dropped.Add(victim);
        }

        return dropped;
    }

    /// <summary>Every event up to the returned sequence is done.</summary>
    private long DoneThrough() => Math.Min(_bounds.OldestLiveSequence() ?? _nextVisibleSeq, _nextVisibleSeq) - 1;

    private void ReportDrops(List<OutboxEntry> dropped)
    {
        if (dropped.Count == 0)
        {
            return;
        }

        var footage = dropped.Count(e => e.Kind == OutboxEventKind.Segment);
        var other = dropped.Count - footage;
        var stats = Stats;
        _logger.LogWarning(
            "Outbox full ({Events} events, {MiB:0.0} MiB; bounds {MaxEvents} events, {MaxMiB:0.0} MiB): dropped {Footage} footage announcement(s) and {Other} other event(s), "
            + "oldest first, from {From:O} to {To:O} ({Sources}); the footage stays in the blob store",
            stats.Events, stats.Bytes / 1048576.0, _options.MaxEvents, _options.MaxBytes / 1048576.0, footage, other,
            dropped.Min(e => e.EnqueuedAt).UtcDateTime, dropped.Max(e => e.EnqueuedAt).UtcDateTime,
            string.Join(", ", dropped.Select(e => e.Lane).Distinct().Take(8)));
        _health?.OutboxDropped(footage, other);
    }

    // ---- the consumer state and the journal files ----

    private async Task MaintenanceLoopAsync()
    {
        while (!_stopMaintenance.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.CheckpointInterval, _time, _stopMaintenance.Token).ConfigureAwait(false);
                await CheckpointAsync(_stopMaintenance.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("Could not save the outbox state ({Reason}); retrying", e.Message);
            }
        }
    }

    /// <summary>Reads back what an earlier run left: everything not done is queued again, in order.</summary>
    private void Load()
    {
        var state = _journal.ReadState(_logger);
        foreach (var key in state.Recent)
        {
            _keys.Remember(key);
        }

        var loaded = 0;
        List<OutboxEntry> dropped;
        lock (_lock)
        {
            foreach (var entry in _journal.ReadBack(state, e => e.Key is { } key && _keys.IsKnown(key), damage => _logger.LogWarning("Outbox journal: {Damage}", damage)))
            {
                _keys.Queued(entry);
                MakeVisible(entry);
                loaded++;
            }

            _nextSeq = _journal.LastSequence;
            _nextVisibleSeq = _nextSeq + 1;
            dropped = EnforceBounds();
            _journal.MarkDirty();
        }

        if (loaded > 0)
        {
            _logger.LogInformation("Outbox: {Count} events from an earlier run are waiting to be sent", loaded);
        }

        ReportDrops(dropped);
    }

    /// <summary>An enqueued event waiting for the writer; its enqueue returns once <see cref="Written"/> completes.</summary>
    private sealed class PendingWrite(OutboxEntry entry)
    {
        public OutboxEntry Entry { get; } = entry;

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
