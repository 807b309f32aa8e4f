using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CameraBeheer.Storage;

/// <summary>
/// Refuses new footage when the storage volume is below its free-space floor, so that a full disk stops the
/// recordings, not the system: state, the event log, audit and receipts still write.
/// </summary>
/// <remarks>
/// <para>Only puts and appends of names under <see cref="GuardedPrefix"/> are refused, with a
/// <see cref="StorageFullException"/>. Everything else is small, and refusing it would lose events that were already
/// acknowledged. The guard never deletes anything to make room: what may go is retention's decision, not a full
/// disk's. Reads, listings and deletes (retention freeing space) always pass.</para>
/// <para>Free space is measured at most once per <see cref="MeasureInterval"/>, so the write path costs a clock read.
/// A measurement that fails keeps the last known value (at first: enough space), so a broken probe never stops
/// recording; the failure is logged once.</para>
/// <para>The alert: an error in the log on every transition into low space (not per refused write), information when
/// space is back, <see cref="IsBelowFloor"/> for health checks, and instruments on the meter <see cref="MeterName"/>:
/// <c>camerabeheer.storage.free_bytes</c> and <c>camerabeheer.storage.free_space_floor_bytes</c> (gauges, bytes) and
/// <c>camerabeheer.storage.refused_writes</c> (counter, tagged with the operation).</para>
/// </remarks>
public sealed class FreeSpaceGuardBlobStore : IBlobStore, ILocalBlobFiles, IDisposable
{
    /// <summary>The meter the storage instruments are on.</summary>
    public const string MeterName = "CameraBeheer.Storage";

    /// <summary>Names under this prefix are footage: the writes refused when space is low.</summary>
    public const string GuardedPrefix = "footage/";

    /// <summary>The configuration key of the floor, in MiB; named in the refusal so the operator knows what to change.</summary>
    public const string FloorSetting = "Storage:FreeSpaceFloorMiB";

    /// <summary>The floor when <see cref="FloorSetting"/> is not set: 1 GiB.</summary>
    public const long DefaultFloorMiB = 1024;

    /// <summary>Free space is measured at most this often.</summary>
    public static readonly TimeSpan MeasureInterval = TimeSpan.FromSeconds(1);

    private readonly IBlobStore _inner;
    private readonly Func<long> _measureFreeBytes;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _refusedWritesCounter;
    private readonly Lock _measuring = new();

    private long _freeBytes = long.MaxValue;
    private long _measuredAt;
    private bool _measured;
    private volatile bool _belowFloor;
    private bool _probeFailing;
    private long _refusedWrites;

    /// <param name="inner">The store written to when the write is allowed.</param>
    /// <param name="freeBytes">Measures the free space of the volume <paramref name="inner"/> writes to, in bytes
    /// (see <see cref="FreeBytesOnDriveOf"/>).</param>
    /// <param name="floorBytes">Below this many free bytes new footage is refused; 0 never refuses.</param>
    /// <param name="logger">Where the alert is logged.</param>
    /// <param name="timeProvider">The clock of the measurement cache.</param>
    /// <param name="meterFactory">Makes the meter (from DI); without it the guard makes and disposes its own.</param>
    public FreeSpaceGuardBlobStore(
        IBlobStore inner,
        Func<long> freeBytes,
        long floorBytes,
        ILogger? logger = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(freeBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(floorBytes);
        _inner = inner;
        _measureFreeBytes = freeBytes;
        FloorBytes = floorBytes;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;

        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge(
            "camerabeheer.storage.free_bytes", () => FreeBytes, unit: "By", description: "Free space on the storage volume.");
        _meter.CreateObservableGauge(
            "camerabeheer.storage.free_space_floor_bytes", () => FloorBytes, unit: "By",
            description: "Below this much free space new footage is refused.");
        _refusedWritesCounter = _meter.CreateCounter<long>(
            "camerabeheer.storage.refused_writes", unit: "{write}",
            description: "Footage writes refused because the storage was below its free-space floor.");
    }

    /// <summary>The free-space floor, in bytes.</summary>
    public long FloorBytes { get; }

    /// <summary>Free space on the volume, in bytes, as last measured (measured now when that is over a second ago).</summary>
    public long FreeBytes
    {
        get
        {
            Refresh();
            return Interlocked.Read(ref _freeBytes);
        }
    }

    /// <summary>Whether free space is below the floor, so that new footage is refused.</summary>
    public bool IsBelowFloor
    {
        get
        {
            Refresh();
            return _belowFloor;
        }
    }

    /// <summary>Footage writes refused since the guard was made.</summary>
    public long RefusedWrites => Interlocked.Read(ref _refusedWrites);

    /// <summary>Measures the free space available to this process on the volume that holds <paramref name="directory"/>.</summary>
    public static Func<long> FreeBytesOnDriveOf(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var drive = new DriveInfo(Path.GetFullPath(directory));
        return () => drive.AvailableFreeSpace;
    }

    public Task<BlobContent?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        _inner.GetAsync(name, cancellationToken);

    public Task<Stream?> OpenReadAsync(string name, long offset, CancellationToken cancellationToken = default) =>
        _inner.OpenReadAsync(name, offset, cancellationToken);

    public Task<string> PutAsync(string name, ReadOnlyMemory<byte> content, BlobCondition condition, CancellationToken cancellationToken = default) =>
        Refused(name, "put") ?? _inner.PutAsync(name, content, condition, cancellationToken);

    public Task<string> PutFileAsync(string name, string localFile, BlobCondition condition, CancellationToken cancellationToken = default) =>
        Refused(name, "put") ?? _inner.PutFileAsync(name, localFile, condition, cancellationToken);

    /// <remarks>Reading is never refused, so neither is the path to read.</remarks>
    public string? LocalPathOf(string name) => (_inner as ILocalBlobFiles)?.LocalPathOf(name);

    public Task<string> AppendAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        Refused(name, "append") ?? _inner.AppendAsync(name, content, cancellationToken);

    public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        _inner.ListAsync(prefix, cancellationToken);

    public IAsyncEnumerable<string> ListPrefixesAsync(string prefix, CancellationToken cancellationToken = default) =>
        _inner.ListPrefixesAsync(prefix, cancellationToken);

    public Task<bool> DeleteAsync(string name, string? ifMatch = null, CancellationToken cancellationToken = default) =>
        _inner.DeleteAsync(name, ifMatch, cancellationToken);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    /// <summary>"1.5 GiB", for messages.</summary>
    internal static string GiB(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB");

    /// <summary>The refusal of a footage write while below the floor, as a failed task; null when the write may go on.</summary>
    private Task<string>? Refused(string name, string operation)
    {
        if (!name.StartsWith(GuardedPrefix, StringComparison.Ordinal) || !IsBelowFloor)
        {
            return null;
        }

        try
        {
            // A bad name is the caller's mistake whatever the free space: report that, as the store would.
            BlobNames.Validate(name);
        }
        catch (ArgumentException e)
        {
            return Task.FromException<string>(e);
        }

        Interlocked.Increment(ref _refusedWrites);
        _refusedWritesCounter.Add(1, new KeyValuePair<string, object?>("operation", operation));
        return Task.FromException<string>(new StorageFullException(name, Interlocked.Read(ref _freeBytes), FloorBytes));
    }

    /// <summary>Measures free space when the last measurement is older than <see cref="MeasureInterval"/>, and raises
    /// or clears the alert on a transition.</summary>
    private void Refresh()
    {
        if (Volatile.Read(ref _measured) && _time.GetElapsedTime(Volatile.Read(ref _measuredAt)) < MeasureInterval)
        {
            return;
        }

        lock (_measuring)
        {
            if (_measured && _time.GetElapsedTime(_measuredAt) < MeasureInterval)
            {
                return; // another caller measured while this one waited
            }

            long free;
            try
            {
                free = _measureFreeBytes();
                if (_probeFailing)
                {
                    _probeFailing = false;
                    _logger.LogInformation("Measuring free storage space works again");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                if (!_probeFailing)
                {
                    _probeFailing = true;
                    _logger.LogWarning(
                        e,
                        "Measuring free storage space failed; going on with the last known value ({Free})",
                        _measured ? GiB(Interlocked.Read(ref _freeBytes)) : "none yet: footage is accepted");
                }

                free = Interlocked.Read(ref _freeBytes);
            }

            Interlocked.Exchange(ref _freeBytes, free);
            Volatile.Write(ref _measuredAt, _time.GetTimestamp());
            Volatile.Write(ref _measured, true);

            var below = free < FloorBytes;
            if (below == _belowFloor)
            {
                return;
            }

            _belowFloor = below;
            if (below)
            {
                _logger.LogError("{Alert}", StorageFullException.MessageFor(free, FloorBytes));
            }
            else
            {
                _logger.LogInformation(
                    "Storage is above its free-space floor again ({Free} free, floor {Floor}): new footage is accepted", GiB(free), GiB(FloorBytes));
            }
        }
    }
}
