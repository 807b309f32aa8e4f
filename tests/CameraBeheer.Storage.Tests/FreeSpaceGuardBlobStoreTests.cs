using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace CameraBeheer.Storage.Tests;

/// <summary>The free-space floor: new footage is refused when space runs low, everything else still writes, and
/// nothing is ever deleted to make room.</summary>
public sealed class FreeSpaceGuardBlobStoreTests : IDisposable
{
    private const long GiB = 1024L * 1024 * 1024;
    private const long Floor = 1 * GiB;

    private readonly InMemoryBlobStore _inner = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger _log = new();
    private readonly TestMeterFactory _meters = new();
    private readonly FreeSpaceGuardBlobStore _guard;
    private long _free = 10 * GiB;
    private int _measurements;

    public FreeSpaceGuardBlobStoreTests() =>
        _guard = new FreeSpaceGuardBlobStore(_inner, MeasureFree, Floor, _log, _time, _meters);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _guard.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public async Task Above_the_floor_footage_writes_pass()
    {
        await _guard.PutAsync("footage/s/cam-01/2026/11/22/10/a.mp4", Bytes("video"), BlobCondition.None, Ct);
        await _guard.AppendAsync("footage/s/cam-01/2026/11/22/10/b.mp4", Bytes("video"), Ct);

        Assert.False(_guard.IsBelowFloor);
        Assert.Equal(2, await _inner.ListAsync("footage/", Ct).CountAsync(Ct));
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public async Task Below_the_floor_new_footage_is_refused_with_what_to_do_about_it()
    {
        _free = GiB / 2;

        var put = await Assert.ThrowsAsync<StorageFullException>(
            () => _guard.PutAsync("footage/s/cam-01/2026/11/22/10/a.mp4", Bytes("video"), BlobCondition.None, Ct));
        var append = await Assert.ThrowsAsync<StorageFullException>(
            () => _guard.AppendAsync("footage/s/cam-01/2026/11/22/10/b.mp4", Bytes("video"), Ct));

        Assert.Equal(
            "storage below its free-space floor (0.5 GiB free, floor 1 GiB): new footage is refused; nothing is deleted to make room"
            + " — free space on the storage volume, or lower Storage:FreeSpaceFloorMiB if the floor is set too high",
            put.Message);
        Assert.Equal(put.Message, append.Message);
        Assert.Equal(("footage/s/cam-01/2026/11/22/10/a.mp4", GiB / 2, Floor), (put.BlobName, put.FreeBytes, put.FloorBytes));
        Assert.True(_guard.IsBelowFloor);
        Assert.Equal(2, _guard.RefusedWrites);
        Assert.Equal((0L, 0L), (_inner.Puts, _inner.Appends));
        Assert.Empty(await _inner.ListAsync("", Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task Below_the_floor_state_events_audit_and_receipts_still_write()
    {
        _free = 0;

        await _guard.PutAsync("state/camera/s/cam-01.json", Bytes("{}"), BlobCondition.NotExists, Ct);
        await _guard.AppendAsync("events/s/cam-01/2026/11/22/10.jsonl", Bytes("{\"id\":1}\n"), Ct);
        await _guard.AppendAsync("audit/s/2026/11/22.jsonl", Bytes("{\"who\":\"x\"}\n"), Ct);
        await _guard.PutAsync("retention/s/2026/11/22/receipt.json", Bytes("{}"), BlobCondition.None, Ct);
        await _guard.PutAsync("footage-index.json", Bytes("{}"), BlobCondition.None, Ct); // not under footage/

        Assert.True(_guard.IsBelowFloor);
        Assert.Equal(5, await _inner.ListAsync("", Ct).CountAsync(Ct));
        Assert.Equal("{\"id\":1}\n", Text((await _guard.GetAsync("events/s/cam-01/2026/11/22/10.jsonl", Ct))!));
        Assert.Equal(0, _guard.RefusedWrites);
    }

    [Fact]
    public async Task Nothing_is_deleted_to_make_room()
    {
        await _guard.PutAsync("footage/s/cam-01/2026/11/22/09/a.mp4", Bytes("old video"), BlobCondition.None, Ct);
        await _guard.AppendAsync("events/s/cam-01/2026/11/22/09.jsonl", Bytes("one\n"), Ct);
        _free = 1;
        _time.Advance(TimeSpan.FromSeconds(1));

        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<StorageFullException>(
                () => _guard.PutAsync($"footage/s/cam-01/2026/11/22/10/{i}.mp4", Bytes("video"), BlobCondition.None, Ct));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(0, _inner.Deletes);
        Assert.Equal(
            ["events/s/cam-01/2026/11/22/09.jsonl", "footage/s/cam-01/2026/11/22/09/a.mp4"],
            await _inner.ListAsync("", Ct).Select(b => b.Name).ToListAsync(Ct));
    }

    [Fact]
    public async Task The_alert_is_logged_once_per_transition_into_low_space_and_footage_passes_again_when_space_is_back()
    {
        await PutFootageAsync("a");
        _free = GiB / 4;
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(2)); // each write measures again, and finds space still low
            await Assert.ThrowsAsync<StorageFullException>(() => PutFootageAsync($"low-{i}"));
        }

        var error = Assert.Single(_log.Entries, e => e.Level == LogLevel.Error);
        Assert.StartsWith("storage below its free-space floor (0.25 GiB free, floor 1 GiB): new footage is refused", error.Message, StringComparison.Ordinal);

        _free = 2 * GiB;
        _time.Advance(TimeSpan.FromSeconds(1));
        await PutFootageAsync("b");
        Assert.False(_guard.IsBelowFloor);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("above its free-space floor again", StringComparison.Ordinal));

        _free = 0;
        _time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<StorageFullException>(() => PutFootageAsync("c"));
        await Assert.ThrowsAsync<StorageFullException>(() => PutFootageAsync("d"));

        Assert.Equal(2, _log.Entries.Count(e => e.Level == LogLevel.Error));
        Assert.Equal(
            ["footage/s/cam-01/2026/11/22/10/a.mp4", "footage/s/cam-01/2026/11/22/10/b.mp4"],
            await _inner.ListAsync("footage/", Ct).Select(b => b.Name).ToListAsync(Ct));
    }

    [Fact]
    public async Task Free_space_is_measured_at_most_once_a_second()
    {
        for (var i = 0; i < 100; i++)
        {
            await PutFootageAsync($"{i}");
        }

        Assert.Equal(1, _measurements);

        // Within the second a drop is not seen yet; after it, it is.
        _free = 0;
        _time.Advance(TimeSpan.FromMilliseconds(900));
        await PutFootageAsync("still-cached");
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAsync<StorageFullException>(() => PutFootageAsync("measured-again"));

        Assert.Equal(2, _measurements);
    }

    [Fact]
    public async Task Writes_other_than_footage_do_not_measure()
    {
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await _guard.AppendAsync("events/s/cam-01/2026/11/22/10.jsonl", Bytes($"{i}\n"), Ct);
        }

        Assert.Equal(0, _measurements);
    }

    [Fact]
    public async Task A_failing_measurement_keeps_footage_flowing_and_is_logged_once()
    {
        var guard = new FreeSpaceGuardBlobStore(_inner, () => throw new IOException("drive gone"), Floor, _log, _time, _meters);

        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await guard.PutAsync($"footage/s/cam-01/2026/11/22/10/{i}.mp4", Bytes("video"), BlobCondition.None, Ct);
        }

        Assert.False(guard.IsBelowFloor);
        var warning = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Measuring free storage space failed", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_footage_name_is_reported_as_such_even_when_space_is_low()
    {
        _free = 0;

        await Assert.ThrowsAsync<ArgumentException>(() => _guard.PutAsync("footage/../x", Bytes("x"), BlobCondition.None, Ct));
        Assert.Equal(0, _guard.RefusedWrites);
    }

    [Fact]
    public async Task Free_space_and_refused_writes_are_published_as_metrics()
    {
        var measurements = new List<(string Instrument, long Value, string? Operation)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (_meters.Created.Contains(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? operation = null;
            foreach (var tag in tags)
            {
                operation = tag.Key == "operation" ? tag.Value as string : operation;
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, operation));
            }
        });
        listener.Start();

        _free = GiB / 2;
        await Assert.ThrowsAsync<StorageFullException>(() => PutFootageAsync("a"));
        await Assert.ThrowsAsync<StorageFullException>(
            () => _guard.AppendAsync("footage/s/cam-01/2026/11/22/10/b.mp4", Bytes("video"), Ct));
        listener.RecordObservableInstruments();

        Assert.Equal(FreeSpaceGuardBlobStore.MeterName, Assert.Single(_meters.Created).Name);
        Assert.Contains(("camerabeheer.storage.free_bytes", GiB / 2, (string?)null), measurements);
        Assert.Contains(("camerabeheer.storage.free_space_floor_bytes", Floor, (string?)null), measurements);
        Assert.Contains(("camerabeheer.storage.refused_writes", 1L, "put"), measurements);
        Assert.Contains(("camerabeheer.storage.refused_writes", 1L, "append"), measurements);
    }

    private long MeasureFree()
    {
        _measurements++;
        return _free;
    }

    private Task<string> PutFootageAsync(string segment) =>
        _guard.PutAsync($"footage/s/cam-01/2026/11/22/10/{segment}.mp4", Bytes("video"), BlobCondition.None, Ct);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(BlobContent blob) => Encoding.UTF8.GetString(blob.Content.Span);
}

/// <summary>Keeps what is logged, for tests that check an alert.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((logLevel, formatter(state, exception)));
        }
    }
}

/// <summary>Makes meters a test can tell apart from those of tests running alongside.</summary>
public sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _created = [];

    public IReadOnlyList<Meter> Created
    {
        get
        {
            lock (_created)
            {
                return [.. _created];
            }
        }
    }

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        lock (_created)
        {
            _created.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in Created)
        {
            meter.Dispose();
        }
    }
}
