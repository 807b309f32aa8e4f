using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Domain;
using Microsoft.Extensions.Logging;
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
/// <para>The format on disk is described in <see cref="OutboxJournal"/> and Messaging/OUTBOX.md.</para>
/// </remarks>
public sealed class EdgeOutbox : IAsyncDisposable, IDisposable
{
    /// <summary>Contract v1's limit on a payload.</summary>
    public const int MaxPayloadBytes = 16 * 1024;

    private readonly EdgeOutboxOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly EdgeHealth? _health;
    private readonly string _journalFolder;
    private readonly string _statePath;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly SortedSet<(long Seq, string Lane)> _ready = [];
    private readonly PriorityQueue<Lane, DateTimeOffset> _parked = new();
    private readonly Queue<Entry> _byAge = new();
    private readonly Queue<Entry> _segmentsByAge = new();
    private readonly Dictionary<string, Entry> _keys = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentOrder = new();
    private readonly HashSet<string> _recent = new(StringComparer.Ordinal);
    private readonly SortedSet<long> _doneAbove = [];
    private readonly List<JournalFile> _files = [];
    private List<Pending> _pending = [];
    private TaskCompletionSource _readySignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _rollOver;
    private long _nextSeq;
    private long _nextVisibleSeq;
    private int _liveCount;
    private long _liveBytes;
    private int _inFlight;
    private long _droppedFootage;
    private long _droppedOther;
    private bool _dirty;
    private bool _closed;

    // Touched by the writer task only.
    private JournalFile? _active;
    private FileStream? _activeStream;

    private readonly SemaphoreSlim _writeSignal = new(0);
    private readonly SemaphoreSlim _checkpointGate = new(1, 1);
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
        var folder = Path.GetFullPath(options.Folder);
        _journalFolder = Path.Combine(folder, OutboxJournal.JournalFolder);
        _statePath = Path.Combine(folder, OutboxJournal.StateFile);
        Directory.CreateDirectory(_journalFolder);
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
                return new OutboxStats(_liveCount, _liveBytes, _inFlight, _droppedFootage, _droppedOther);
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
        var key = eventId is null ? null : DedupeKey(topic, eventId);
        Pending pending;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (key is not null && (_keys.ContainsKey(key) || _recent.Contains(key)))
            {
                return false;
            }

            var entry = new Entry
            {
                Seq = ++_nextSeq,
                Kind = kind,
                Source = source,
                Lane = OutboxMessage.LaneOf(kind, source),
                Topic = topic,
                Retain = retain,
                EventId = eventId,
                Key = key,
                EnqueuedAt = _time.GetUtcNow(),
                Payload = payload,
                Size = payload.Length + topic.Length,
                State = EntryState.Writing,
            };
            if (key is not null)
            {
                _keys[key] = entry;
            }

            pending = new Pending(entry);
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
                if (_closed)
                {
                    return false;
                }

                PromoteParked();
                return _ready.Count > 0;
            }
        }
    }

    /// <summary>Takes the next event to publish: the oldest of a lane with nothing in flight. False when there is none now.</summary>
    public bool TryTake(out OutboxMessage message)
    {
        lock (_lock)
        {
            message = null!;
            if (_closed)
            {
                return false;
            }

            PromoteParked();
            if (_ready.Count == 0)
            {
                return false;
            }

            var first = _ready.Min;
            _ready.Remove(first);
            var lane = _lanes[first.Lane];
            lane.ReadySeq = -1;
            var entry = lane.Entries.Peek();
            entry.State = EntryState.InFlight;
            lane.InFlight = entry;
            _inFlight++;
            message = new OutboxMessage(entry.Seq, entry.Kind, entry.Source, entry.Topic, entry.Retain, entry.EventId,
                entry.Payload, entry.EnqueuedAt, entry.Rejections);
            return true;
        }
    }

    /// <summary>The broker acknowledged <paramref name="message"/>: it is done and will not be handed out again.</summary>
    public void Complete(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_lock)
        {
            if (TakeBack(message) is not { } entry)
            {
                return;
            }

            MarkDead(entry, EntryState.Done);
            UpdateReady(_lanes[entry.Lane]);
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
            if (TakeBack(message) is not { } entry)
            {
                return;
            }

            entry.State = EntryState.Queued;
            var lane = _lanes[entry.Lane];
            if (retryAfter > TimeSpan.Zero)
            {
                entry.Rejections++;
                lane.ParkedUntil = _time.GetUtcNow() + retryAfter;
            }

            UpdateReady(lane);
        }
    }

    /// <summary>Completes when an event can be taken; throws when the wait is cancelled. A closed outbox has nothing
    /// to take, so the wait then lasts until it is cancelled.</summary>
    public async Task WaitForMessageAsync(CancellationToken cancellationToken)
    {
        Task signal;
        TimeSpan? parkedFor = null;
        var closed = false;
        lock (_lock)
        {
            closed = _closed;
        }

        if (closed)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }

        lock (_lock)
        {

            PromoteParked();
            if (_ready.Count > 0)
            {
                return;
            }

            if (_readySignal.Task.IsCompleted)
            {
                _readySignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            signal = _readySignal.Task;
            if (_parked.TryPeek(out _, out var until))
            {
                parkedFor = until - _time.GetUtcNow();
            }
        }

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
    public async Task CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await _checkpointGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            CheckpointUnderGate();
            CompactOne();
        }
        finally
        {
            _checkpointGate.Release();
        }
    }

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
        List<Entry> dropped = [];
        TaskCompletionSource? roll = null;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            foreach (var entry in _files.SelectMany(f => f.Entries))
            {
                if (entry.State == EntryState.Queued && entry.EnqueuedAt < cutoff)
                {
                    MarkDead(entry, EntryState.Dropped);
                    UpdateReady(_lanes[entry.Lane]);
                    if (entry.Kind == OutboxEventKind.Segment)
                    {
                        _droppedFootage++;
                    }
                    else
                    {
                        _droppedOther++;
                    }

                    dropped.Add(entry);
                }
            }

            if (_active is { } active && active.Entries.Any(e => e.EnqueuedAt < cutoff))
            {
                roll = _rollOver ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _dirty = true;
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

        await _checkpointGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<Entry> old;
            lock (_lock)
            {
                old = _files.SelectMany(f => f.Entries).Where(e => e.EnqueuedAt < cutoff && e.State is EntryState.Done or EntryState.Dropped).ToList();
            }

            // The state first: it must say the dropped records are done before a file without them could be all there is.
            CheckpointUnderGate();
            List<JournalFile> toRewrite;
            lock (_lock)
            {
                toRewrite = _files.Where(f => f != _active && f.Entries.Any(e => e.EnqueuedAt < cutoff && e.State is EntryState.Done or EntryState.Dropped)).ToList();
            }

            foreach (var file in toRewrite)
            {
                RewriteWithoutDead(file);
            }

            CheckpointUnderGate();
            lock (_lock)
            {
                var left = _files.SelectMany(f => f.Entries).ToHashSet();
                var removed = old.Where(e => !left.Contains(e)).ToList();
                return new JournalAgeOut(
                    removed.Count,
                    removed.Sum(e => (long)e.Size),
                    removed.Count == 0 ? null : removed.Min(e => e.EnqueuedAt),
                    removed.Count == 0 ? null : removed.Max(e => e.EnqueuedAt),
                    dropped.Count);
            }
        }
        finally
        {
            _checkpointGate.Release();
        }
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
            _readySignal.TrySetResult();
        }

        _writeSignal.Release();
        await _writer.ConfigureAwait(false);
        await _stopMaintenance.CancelAsync().ConfigureAwait(false);
        await _maintenance.ConfigureAwait(false);
        await _checkpointGate.WaitAsync().ConfigureAwait(false);
        try
        {
            CheckpointUnderGate();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not save the outbox state on close ({Reason}); completed events may be sent again", e.Message);
        }
        finally
        {
            _checkpointGate.Release();
        }

        CloseActive();
        ReleaseResources();
    }

    /// <summary>The same as <see cref="DisposeAsync"/>, for a container that disposes synchronously.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>For tests: stops as a killed process would, writing nothing more (no final checkpoint).</summary>
    internal async Task SimulateCrashAsync()
    {
        List<Pending> abandoned;
        lock (_lock)
        {
            _closed = true;
            _readySignal.TrySetResult();
            abandoned = _pending;
            _pending = [];
        }

        foreach (var p in abandoned)
        {
            p.Written.TrySetException(new ObjectDisposedException(nameof(EdgeOutbox), "the outbox crashed before the event was written"));
        }

        _writeSignal.Release();
        await _stopMaintenance.CancelAsync().ConfigureAwait(false);
        await _writer.ConfigureAwait(false);
        await _maintenance.ConfigureAwait(false);
        _activeStream?.Dispose();
        _activeStream = null;
        ReleaseResources();
    }

    private void ReleaseResources()
    {
        // The write signal is not disposed: an enqueue that raced the close may still release it (harmlessly).
        _stopMaintenance.Dispose();
        if (_health is not null)
        {
            _health.OutboxStats = null;
        }
    }

    private static string DedupeKey(string topic, string eventId) => topic + "|" + eventId;

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
            List<Pending> batch;
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
                CloseActive();
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

    private void WriteBatch(List<Pending> batch)
    {
        long before = 0;
        try
        {
            var lines = batch.Select(p => OutboxJournal.Serialize(p.Entry.ToRecord())).ToList();
            var file = ActiveFileFor(batch[0].Entry.Seq);
            before = _activeStream!.Position;
            foreach (var line in lines)
            {
                _activeStream.Write(line);
            }

            _activeStream.Flush(flushToDisk: true);
            file.Bytes = _activeStream.Position;
            List<Entry> dropped;
            lock (_lock)
            {
                foreach (var p in batch)
                {
                    p.Entry.File = file;
                    file.Entries.Add(p.Entry);
                    p.Entry.State = EntryState.Queued;
                    MakeVisible(p.Entry);
                }

                _nextVisibleSeq = batch[^1].Entry.Seq + 1;
                dropped = EnforceCapacity();
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
            TryCutBack(before);
            lock (_lock)
            {
                foreach (var p in batch)
                {
                    if (p.Entry.Key is { } key)
                    {
                        _keys.Remove(key);
                    }
                }

                _nextVisibleSeq = batch[^1].Entry.Seq + 1;
            }

            foreach (var p in batch)
            {
                p.Written.TrySetException(new IOException($"the outbox could not store the event: {e.Message}", e));
            }
        }
    }

    private JournalFile ActiveFileFor(long firstSeq)
    {
        if (_active is not null && _activeStream is not null && _active.Bytes < _options.JournalFileBytes)
        {
            return _active;
        }

        CloseActive();
        var path = Path.Combine(_journalFolder, OutboxJournal.FileName(firstSeq));
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var file = new JournalFile(path) { Bytes = stream.Length };
        lock (_lock)
        {
            _files.Add(file);
            _active = file;
        }

        _activeStream = stream;
        return file;
    }

    private void CloseActive()
    {
        _activeStream?.Dispose();
        _activeStream = null;
        lock (_lock)
        {
            if (_active is { } file && file.Entries.Count == 0)
            {
                _files.Remove(file);
                TryDelete(file.Path);
            }

            _active = null;
        }
    }

    private void TryCutBack(long length)
    {
        try
        {
            if (_activeStream is not null && _activeStream.Length > length)
            {
                _activeStream.SetLength(length);
                _activeStream.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A line of a failed batch may remain: start a new file, and the reader skips or keeps it (the producer was told it failed).
            _activeStream?.Dispose();
            _activeStream = null;
        }
    }

    // ---- the queue in memory (all under _lock) ----

    private void MakeVisible(Entry entry)
    {
        if (!_lanes.TryGetValue(entry.Lane, out var lane))
        {
            _lanes[entry.Lane] = lane = new Lane(entry.Lane);
        }

        lane.Entries.Enqueue(entry);
        _byAge.Enqueue(entry);
        if (entry.Kind == OutboxEventKind.Segment)
        {
            _segmentsByAge.Enqueue(entry);
        }

        _liveCount++;
        _liveBytes += entry.Size;
        UpdateReady(lane);
    }

    private Entry? TakeBack(OutboxMessage message)
    {
        if (!_lanes.TryGetValue(message.Lane, out var lane) || lane.InFlight is not { } entry || entry.Seq != message.Sequence)
        {
            return null; // not (or no longer) in flight: a second completion, or after a crash in tests
        }

        lane.InFlight = null;
        _inFlight--;
        return entry;
    }

    private void MarkDead(Entry entry, EntryState state)
    {
        entry.State = state;
        entry.Payload = [];
        _liveCount--;
        _liveBytes -= entry.Size;
        _doneAbove.Add(entry.Seq);
        if (entry.File is { } file)
        {
            file.Dead++;
        }

        if (entry.Key is { } key)
        {
            _keys.Remove(key);
            Remember(key);
        }

        _dirty = true;
    }

    private void Remember(string key)
    {
        if (_options.RememberCompleted <= 0 || !_recent.Add(key))
        {
            return;
        }

        _recentOrder.Enqueue(key);
        while (_recentOrder.Count > _options.RememberCompleted)
        {
            _recent.Remove(_recentOrder.Dequeue());
        }
    }

    /// <summary>Puts a lane in the ready set when it has an event to hand out and nothing in flight, or takes it out.</summary>
    private void UpdateReady(Lane lane)
    {
        while (lane.Entries.TryPeek(out var head) && head.State is EntryState.Done or EntryState.Dropped)
        {
            lane.Entries.Dequeue();
        }

        var now = _time.GetUtcNow();
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
        var now = _time.GetUtcNow();
        while (_parked.TryPeek(out var lane, out var until) && until <= now)
        {
            _parked.Dequeue();
            lane.InParkedQueue = false;
            UpdateReady(lane);
        }
    }

    /// <summary>Drops the oldest footage events, then the oldest of any kind, until the bounds hold again.</summary>
    private List<Entry> EnforceCapacity()
    {
        List<Entry> dropped = [];
        while (_liveCount > _options.MaxEvents || _liveBytes > _options.MaxBytes)
        {
            var victim = OldestQueued(_segmentsByAge) ?? OldestQueued(_byAge);
            if (victim is null)
            {
                break; // everything left is in flight
            }

            MarkDead(victim, EntryState.Dropped);
            UpdateReady(_lanes[victim.Lane]);
            if (victim.Kind == OutboxEventKind.Segment)
            {
                _droppedFootage++;
            }
            else
            {
                _droppedOther++;
            }

            dropped.Add(victim);
        }

        return dropped;
    }

    private static Entry? OldestQueued(Queue<Entry> byAge)
    {
        while (byAge.TryPeek(out var head) && head.State is EntryState.Done or EntryState.Dropped)
        {
            byAge.Dequeue();
        }

        foreach (var entry in byAge)
        {
            if (entry.State == EntryState.Queued)
            {
                return entry;
            }
        }

        return null;
    }

    private void ReportDrops(List<Entry> dropped)
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

    private void CheckpointUnderGate()
    {
        OutboxState state;
        List<JournalFile> finished;
        lock (_lock)
        {
            if (!_dirty)
            {
                return;
            }

            var through = Through();
            while (_doneAbove.Count > 0 && _doneAbove.Min <= through)
            {
                _doneAbove.Remove(_doneAbove.Min);
            }

            state = new OutboxState(through, [.. _doneAbove], [.. _recentOrder]);
            finished = _files.Where(f => f != _active && f.Dead >= f.Entries.Count).ToList();
            _dirty = false;
        }

        OutboxJournal.ReplaceAtomically(_statePath, OutboxJournal.SerializeState(state));
        foreach (var file in finished)
        {
            TryDelete(file.Path);
            lock (_lock)
            {
                _files.Remove(file);
                foreach (var entry in file.Entries)
                {
                    _doneAbove.Remove(entry.Seq);
                }

                file.Entries.Clear();
                _dirty = true;
            }
        }
    }

    /// <summary>Every event up to the returned sequence is done. Under the lock.</summary>
    private long Through()
    {
        while (_byAge.TryPeek(out var head) && head.State is EntryState.Done or EntryState.Dropped)
        {
            _byAge.Dequeue();
        }

        return (_byAge.TryPeek(out var oldest) ? Math.Min(oldest.Seq, _nextVisibleSeq) : _nextVisibleSeq) - 1;
    }

    /// <summary>
    /// Rewrites one closed journal file that is at least half dead without its dead records, so that a long outage
    /// with drops does not grow the journal beyond about twice the bound.
    /// </summary>
    private void CompactOne()
    {
        JournalFile? file;
        lock (_lock)
        {
            // At least half dead: each rewrite removes half the file or more, so rewriting costs at most about as
            // much writing again as was dropped.
            file = _files.FirstOrDefault(f => f != _active && f.Dead > 0 && f.Dead * 2 >= f.Entries.Count && f.Dead < f.Entries.Count);
        }

        if (file is not null)
        {
            RewriteWithoutDead(file);
        }
    }

    /// <summary>Rewrites a closed journal file without its dead records. Under the checkpoint gate.</summary>
    private void RewriteWithoutDead(JournalFile file)
    {
        List<JournalRecord> live;
        HashSet<long> dead;
        lock (_lock)
        {
            if (!_files.Contains(file) || file == _active)
            {
                return;
            }

            // Records taken under the lock: an entry completed meanwhile loses its payload, its record keeps it.
            live = file.Entries.Where(e => e.State is EntryState.Queued or EntryState.InFlight).Select(e => e.ToRecord()).ToList();
            dead = file.Entries.Where(e => e.State is EntryState.Done or EntryState.Dropped).Select(e => e.Seq).ToHashSet();
        }

        var content = new MemoryStream();
        foreach (var record in live)
        {
            content.Write(OutboxJournal.Serialize(record));
        }

        OutboxJournal.ReplaceAtomically(file.Path, content.ToArray());
        lock (_lock)
        {
            file.Entries.RemoveAll(e => dead.Contains(e.Seq));
            file.Dead = file.Entries.Count(e => e.State is EntryState.Done or EntryState.Dropped);
            foreach (var seq in dead)
            {
                _doneAbove.Remove(seq);
            }

            _dirty = true;
        }
    }

    private void Load()
    {
        foreach (var leftover in Directory.EnumerateFiles(_journalFolder, "*" + OutboxJournal.TempSuffix))
        {
            TryDelete(leftover);
        }

        OutboxState state;
        try
        {
            state = OutboxJournal.ReadState(_statePath);
        }
        catch (InvalidDataException e)
        {
            // Replaced atomically, so this is damage from outside: sending everything again is safe (ids dedupe).
            _logger.LogError("{Reason}; every event in the journal will be sent again", e.Message);
            state = new OutboxState(0, [], []);
        }

        var done = state.Done.ToHashSet();
        foreach (var key in state.Recent)
        {
            Remember(key);
        }

        var maxSeq = state.Through;
        var loaded = 0;
        foreach (var path in Directory.EnumerateFiles(_journalFolder, "*" + OutboxJournal.Extension).Order(StringComparer.Ordinal))
        {
            var file = new JournalFile(path) { Bytes = new FileInfo(path).Length };
            foreach (var record in OutboxJournal.Read(path, damage => _logger.LogWarning("Outbox journal: {Damage}", damage)))
            {
                maxSeq = Math.Max(maxSeq, record.Sequence);
                var entry = Entry.From(record);
                entry.File = file;
                file.Entries.Add(entry);
                if (record.Sequence <= state.Through || done.Contains(record.Sequence)
                    || (entry.Key is { } key && (_keys.ContainsKey(key) || _recent.Contains(key))))
                {
                    entry.State = EntryState.Done;
                    entry.Payload = [];
                    file.Dead++;
                    if (record.Sequence > state.Through)
                    {
                        _doneAbove.Add(record.Sequence);
                    }

                    continue;
                }

                entry.State = EntryState.Queued;
                if (entry.Key is { } liveKey)
                {
                    _keys[liveKey] = entry;
                }

                MakeVisible(entry);
                loaded++;
            }

            _files.Add(file);
        }

        _nextSeq = maxSeq;
        _nextVisibleSeq = maxSeq + 1;
        var dropped = EnforceCapacity();
        _dirty = true;
        if (loaded > 0)
        {
            _logger.LogInformation("Outbox: {Count} events from an earlier run are waiting to be sent", loaded);
        }

        ReportDrops(dropped);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next start; its records are done according to the state.
        }
    }

    private enum EntryState
    {
        Writing,
        Queued,
        InFlight,
        Done,
        Dropped,
    }

    private sealed class Entry
    {
        public long Seq { get; init; }

        public OutboxEventKind Kind { get; init; }

        public required string Source { get; init; }

        public required string Lane { get; init; }

        public required string Topic { get; init; }

        public bool Retain { get; init; }

        public string? EventId { get; init; }

        public string? Key { get; init; }

        public DateTimeOffset EnqueuedAt { get; init; }

        public required byte[] Payload { get; set; }

        public int Size { get; init; }

        public EntryState State { get; set; }

        public int Rejections { get; set; }

        public JournalFile? File { get; set; }

        public static Entry From(JournalRecord r) => new()
        {
            Seq = r.Sequence,
            Kind = r.Kind,
            Source = r.Source,
            Lane = OutboxMessage.LaneOf(r.Kind, r.Source),
            Topic = r.Topic,
            Retain = r.Retain,
            EventId = r.EventId,
            Key = r.EventId is null ? null : DedupeKey(r.Topic, r.EventId),
            EnqueuedAt = r.EnqueuedAt,
            Payload = r.Payload,
            Size = r.Payload.Length + r.Topic.Length,
        };

        public JournalRecord ToRecord() => new(Seq, Kind, Source, Topic, Retain, EventId, EnqueuedAt, Payload);
    }

    private sealed class Lane(string key)
    {
        public string Key { get; } = key;

        public Queue<Entry> Entries { get; } = new();

        public Entry? InFlight { get; set; }

        /// <summary>The sequence under which the lane sits in the ready set; -1 when it is not there.</summary>
        public long ReadySeq { get; set; } = -1;

        public DateTimeOffset ParkedUntil { get; set; }

        public bool InParkedQueue { get; set; }
    }

    private sealed class JournalFile(string path)
    {
        public string Path { get; } = path;

        /// <summary>The records in the file, in order (dead ones without their payload).</summary>
        public List<Entry> Entries { get; } = [];

        public int Dead { get; set; }

        public long Bytes { get; set; }
    }

    private sealed class Pending(Entry entry)
    {
        public Entry Entry { get; } = entry;

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
