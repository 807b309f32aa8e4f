using System.Diagnostics.Metrics;

namespace CameraBeheer.Edge.Messaging;

/// <summary>
/// What the agent drops and holds back, in one place: the instruments of meter <c>CameraBeheer.Edge</c> and the figures
/// of the agent status message (<see cref="AgentStatusPayload"/>), which the publisher sends again when they change.
/// </summary>
public sealed class EdgeHealth : IDisposable
{
    public const string MeterName = "CameraBeheer.Edge";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly TimeProvider _time;
    private readonly Counter<long> _outboxDropped;
    private readonly Counter<long> _spoolDropped;
    private readonly Counter<long> _published;
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _droppedFootageEvents;
    private long _droppedOtherEvents;
    private long _droppedSpoolFiles;
    private long _droppedSpoolBytes;
    private long _quarantinedSegments;
    private DateTimeOffset? _lastDrop;
    private string? _lastDropWhat;

    public EdgeHealth(IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _outboxDropped = _meter.CreateCounter<long>("camerabeheer.edge.outbox.dropped", description: "queued events dropped because the outbox was full, by kind");
        _spoolDropped = _meter.CreateCounter<long>("camerabeheer.edge.spool.dropped", description: "finished segments dropped before upload because the spool was full");
        _published = _meter.CreateCounter<long>("camerabeheer.edge.published", description: "events acknowledged by the broker");
        _meter.CreateObservableGauge("camerabeheer.edge.outbox.events", () => OutboxStats?.Invoke().Events ?? 0, description: "events waiting in the outbox");
        _meter.CreateObservableGauge("camerabeheer.edge.outbox.bytes", () => OutboxStats?.Invoke().Bytes ?? 0, unit: "By", description: "bytes waiting in the outbox");
        _meter.CreateObservableGauge("camerabeheer.edge.spool.files", () => SpoolStats?.Invoke().Files ?? 0, description: "finished segments waiting for upload");
    }

    /// <summary>The meter of this instance (tests listen to it alone).</summary>
    internal Meter Meter => _meter;

    /// <summary>Set by the outbox: its current depth, for the gauges and the status message.</summary>
    internal Func<OutboxStats>? OutboxStats { get; set; }

    /// <summary>Set by the uploader: segments waiting for upload and their size.</summary>
    internal Func<(int Files, long Bytes)>? SpoolStats { get; set; }

    /// <summary>Set by the low-disk guard: the disk footage is written to, for the status message's <c>disk</c>.</summary>
    internal Func<Contracts.Mqtt.AgentDiskFigures>? DiskFigures { get; set; }

    /// <summary>The low-disk guard began or stopped refusing footage: the status message is sent again.</summary>
    public void DiskChanged()
    {
        lock (_lock)
        {
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>The outbox was full and dropped queued events (footage events first).</summary>
    public void OutboxDropped(int footageEvents, int otherEvents)
    {
        if (footageEvents + otherEvents == 0)
        {
            return;
        }

        if (footageEvents > 0)
        {
            _outboxDropped.Add(footageEvents, new KeyValuePair<string, object?>("kind", "segment"));
        }

        if (otherEvents > 0)
        {
            _outboxDropped.Add(otherEvents, new KeyValuePair<string, object?>("kind", "other"));
        }

        lock (_lock)
        {
            _droppedFootageEvents += footageEvents;
            _droppedOtherEvents += otherEvents;
            Dropped(footageEvents > 0 ? "outbox-footage" : "outbox-events");
        }
    }

    /// <summary>The spool was full and finished segments were deleted before upload (oldest first).</summary>
    public void SpoolDropped(int files, long bytes)
    {
        if (files == 0)
        {
            return;
        }

        _spoolDropped.Add(files);
        lock (_lock)
        {
            _droppedSpoolFiles += files;
            _droppedSpoolBytes += bytes;
            Dropped("spool-footage");
        }
    }

    /// <summary>A segment could not be uploaded because the store holds different content under its name.</summary>
    public void SegmentQuarantined()
    {
        lock (_lock)
        {
            _quarantinedSegments++;
            Dropped("segment-conflict");
        }
    }

    /// <summary>The broker acknowledged an event.</summary>
    public void Published() => _published.Add(1);

    /// <summary>Completes when a figure of the status message changes after this call.</summary>
    public Task WhenChangedAsync()
    {
        lock (_lock)
        {
            return _changed.Task;
        }
    }

    public EdgeHealthSnapshot Snapshot()
    {
        var outbox = OutboxStats?.Invoke() ?? default;
        var spool = SpoolStats?.Invoke() ?? default;
        lock (_lock)
        {
            return new EdgeHealthSnapshot(
                outbox.Events, outbox.Bytes, spool.Files, spool.Bytes,
                _droppedFootageEvents, _droppedOtherEvents, _droppedSpoolFiles, _droppedSpoolBytes, _quarantinedSegments,
                _lastDrop, _lastDropWhat);
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    /// <summary>Under the lock.</summary>
    private void Dropped(string what)
    {
        _lastDrop = _time.GetUtcNow();
        _lastDropWhat = what;
        _changed.TrySetResult();
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>The figures of <see cref="EdgeHealth"/> at one moment.</summary>
public sealed record EdgeHealthSnapshot(
    int OutboxEvents,
    long OutboxBytes,
    int SpoolFiles,
    long SpoolBytes,
    long DroppedFootageEvents,
    long DroppedOtherEvents,
    long DroppedSpoolFiles,
    long DroppedSpoolBytes,
    long QuarantinedSegments,
    DateTimeOffset? LastDrop,
    string? LastDropWhat);
