using System.Security.Cryptography;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Domain;
using CameraBeheer.Edge.Messaging;
using CameraBeheer.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CameraBeheer.Edge.Uploading;

/// <summary>
/// Uploads finished segments to the blob store and announces them: SHA-256, a conditional write (If-None-Match: *) under
/// the design's footage name, the <c>segment</c> event into the <see cref="EdgeOutbox"/>, then the local file is
/// deleted. Retries with backoff while the store fails; one camera's segments go in order, cameras in parallel.
/// </summary>
/// <remarks>
/// <para><b>Once, even when killed half-way.</b> The spool is the journal: a segment is a file
/// <c>{spool}/{camera}/{start}_{end}.mp4</c> until it is announced, and every step can be repeated. After a crash
/// between upload and announcement, the conditional write finds the blob present; the same SHA-256 means the upload is
/// done (a different one is an error: the file is quarantined, nothing is overwritten). After a crash between
/// announcement and delete, the outbox recognises the segment's event id (<see cref="EdgeEventIds.Segment"/>), queued
/// or completed recently, and does not queue it again.</para>
/// <para><b>Bounded.</b> Beyond <see cref="SegmentUploaderOptions.MaxSpoolBytes"/> waiting, the oldest segments are
/// deleted unuploaded (logged, counted as <c>camerabeheer.edge.spool.dropped</c>, and in the agent status).</para>
/// </remarks>
public sealed class SegmentUploader : BackgroundService
{
    private readonly SegmentUploaderOptions _options;
    private readonly IBlobStore _store;
    private readonly EdgeOutbox _outbox;
    private readonly EdgeHealth? _health;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _spool;
    private readonly string _quarantine;
    private readonly Lock _lock = new();
    private readonly SortedSet<Spooled> _pending = new(Spooled.ByAge);
    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);
    private long _pendingBytes;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SegmentUploader(
        SegmentUploaderOptions options,
        IBlobStore store,
        EdgeOutbox outbox,
        EdgeHealth? health = null,
        ILogger<SegmentUploader>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(outbox);
        if (!Ids.IsValid(options.Site))
        {
            throw new ArgumentException($"site '{options.Site}' is not a valid id: {Ids.Rule}", nameof(options));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.SpoolFolder);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.QuarantineFolder);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        _options = options;
        _store = store;
        _outbox = outbox;
        _health = health;
        _logger = logger ?? NullLogger<SegmentUploader>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _spool = Path.GetFullPath(options.SpoolFolder);
        _quarantine = Path.GetFullPath(options.QuarantineFolder);
        Directory.CreateDirectory(_spool);
        Recover();
        if (_health is not null)
        {
            _health.SpoolStats = () => { lock (_lock) { return (_pending.Count, _pendingBytes); } };
        }
    }

    /// <summary>Segments waiting for upload (including one being uploaded).</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// The edge's four-week rule on the upload spool: deletes every waiting segment that ended before
    /// <paramref name="cutoff"/> (never the one being uploaded), logs and counts it as a spool drop, and returns what went.
    /// </summary>
    public IReadOnlyList<SpoolAgeOut> AgeOut(DateTimeOffset cutoff)
    {
        List<Spooled> due = [];
        lock (_lock)
        {
            foreach (var segment in _pending.Where(s => s.End < cutoff && !(_busy.Contains(s.Camera) && IsOldestOfCamera(s))).ToList())
            {
                try
                {
                    File.Delete(segment.Path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _logger.LogWarning("Could not delete spooled segment {File} (older than four weeks): {Reason}; the next sweep tries again", segment.Path, e.Message);
                    continue;
                }

                _pending.Remove(segment);
                _pendingBytes -= segment.Bytes;
                due.Add(segment);
            }

            if (due.Count > 0)
            {
                Changed();
            }
        }

        if (due.Count > 0)
        {
            var bytes = due.Sum(s => s.Bytes);
            _logger.LogWarning(
                "Upload spool: deleted {Count} unuploaded segment(s), {MiB:0.0} MiB, that ended before {Cutoff:O} (the four-week rule), from {From:O} to {To:O} ({Cameras})",
                due.Count, bytes / 1048576.0, cutoff.UtcDateTime, due.Min(s => s.Start).UtcDateTime, due.Max(s => s.End).UtcDateTime,
                string.Join(", ", due.Select(s => s.Camera).Distinct().Take(8)));
            _health?.SpoolDropped(due.Count, bytes);
        }

        return [.. due.Select(s => new SpoolAgeOut(s.Camera, s.Start, s.End, s.Bytes))];
    }

    /// <summary>For tests: runs after each step of an upload; a hook that never returns simulates a crash at that point.</summary>
    internal Func<UploadStep, SegmentReady, CancellationToken, Task>? AfterStep { get; set; }

    /// <summary>
    /// Takes over a finished segment: moves its file into the spool (an atomic rename on one file system) and queues it.
    /// Returns once the spool holds it; handing over the same segment again (after a crash of the caller) is harmless.
    /// </summary>
    /// <exception cref="ArgumentException">The camera id is invalid or the segment does not end after it starts.</exception>
    /// <exception cref="FileNotFoundException">The file is not there (and the spool does not hold it either).</exception>
    public Task SubmitAsync(SegmentReady segment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (!Ids.IsValid(segment.Camera))
        {
            throw new ArgumentException($"camera '{segment.Camera}' is not a valid id: {Ids.Rule}", nameof(segment));
        }

        if (segment.End <= segment.Start)
        {
            throw new ArgumentException($"segment of {segment.Camera} ends ({segment.End:O}) before it starts ({segment.Start:O})", nameof(segment));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(segment.Path);
        cancellationToken.ThrowIfCancellationRequested();
        var folder = Path.Combine(_spool, segment.Camera);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, FootageNames.SpoolFileName(segment.Start, segment.End));
        var source = Path.GetFullPath(segment.Path);
        if (!string.Equals(source, target, StringComparison.Ordinal))
        {
            var sourceExists = File.Exists(source);
            if (File.Exists(target))
            {
                if (sourceExists)
                {
                    // Both: a move across file systems that was cut short left a partial copy; the source is whole.
                    File.Delete(target);
                    SpoolFiles.MoveInto(source, target);
                }
            }
            else if (!sourceExists)
            {
                throw new FileNotFoundException($"segment file {source} of {segment.Camera} does not exist", source);
            }
            else
            {
                SpoolFiles.MoveInto(source, target);
            }
        }
        else if (!File.Exists(target))
        {
            throw new FileNotFoundException($"segment file {source} of {segment.Camera} does not exist", source);
        }

        Register(new Spooled(segment.Camera, segment.Start.ToUniversalTime(), segment.End.ToUniversalTime(), target, new FileInfo(target).Length), isNew: true);
        return Task.CompletedTask;
    }

    /// <summary>Completes when nothing waits for upload.</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_pending.Count == 0 && _busy.Count == 0)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveAll(t => t.IsCompleted);
                Spooled? next = null;
                TimeSpan? sleep = null;
                Task changed;
                lock (_lock)
                {
                    changed = _changed.Task;
                    if (running.Count < _options.Concurrency)
                    {
                        (next, sleep) = PickNext();
                    }
                }

                if (next is not null)
                {
                    running.Add(ProcessAsync(next, stoppingToken));
                    continue;
                }

                var wakeUps = new List<Task>(running) { changed };
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wakeUps.Add(Task.Delay(sleep ?? Timeout.InfiniteTimeSpan, _time, timer.Token));
                await Task.WhenAny(wakeUps).ConfigureAwait(false);
                await timer.CancelAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    /// <summary>The oldest segment of a camera that is not busy and not backing off. Under the lock.</summary>
    private (Spooled? Next, TimeSpan? Sleep) PickNext()
    {
        var now = _time.GetUtcNow();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        TimeSpan? sleep = null;
        foreach (var segment in _pending)
        {
            if (!seen.Add(segment.Camera) || _busy.Contains(segment.Camera))
            {
                continue; // only a camera's oldest segment may go, and one at a time
            }

            if (segment.NotBefore > now)
            {
                var wait = segment.NotBefore - now;
                sleep = sleep is { } s && s < wait ? s : wait;
                continue;
            }

            _busy.Add(segment.Camera);
            return (segment, null);
        }

        return (null, sleep);
    }

    private async Task ProcessAsync(Spooled segment, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await UploadAsync(segment, stoppingToken).ConfigureAwait(false);
            Forget(segment);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the file stays in the spool and the next start repeats the steps.
        }
        catch (FileNotFoundException)
        {
            _logger.LogWarning("Segment {File} of {Camera} vanished from the spool before upload", segment.Path, segment.Camera);
            Forget(segment);
        }
        catch (Exception e)
        {
            int attempts;
            TimeSpan backoff;
            lock (_lock)
            {
                attempts = ++segment.Attempts;
                backoff = TimeSpan.FromTicks(Math.Min(_options.MinBackoff.Ticks << Math.Min(attempts - 1, 20), _options.MaxBackoff.Ticks));
                segment.NotBefore = _time.GetUtcNow() + backoff;
            }

            if (attempts == 1 || attempts % 10 == 0)
            {
                _logger.LogWarning("Upload of segment {Start:O} of {Camera} failed (attempt {Attempt}: {Reason}); retrying in {Seconds:0.#} s",
                    segment.Start.UtcDateTime, segment.Camera, attempts, e.Message, backoff.TotalSeconds);
            }
        }
        finally
        {
            lock (_lock)
            {
                _busy.Remove(segment.Camera);
                Changed();
            }
        }
    }

    private async Task UploadAsync(Spooled segment, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(segment.Path, cancellationToken).ConfigureAwait(false);
        var ready = new SegmentReady(segment.Camera, segment.Start, segment.End, segment.Path);
        if (content.Length == 0)
        {
            _logger.LogWarning("Segment {Start:O} of {Camera} is empty; deleted without upload", segment.Start.UtcDateTime, segment.Camera);
            File.Delete(segment.Path);
            return;
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var name = FootageNames.BlobName(_options.Site, segment.Camera, segment.Start);
        try
        {
            await _store.PutAsync(name, content, BlobCondition.NotExists, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConflictException)
        {
            var existing = await _store.GetAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"blob {name} was present for the conditional write but gone when read");
            var existingSha = Convert.ToHexStringLower(SHA256.HashData(existing.Content.Span));
            if (existingSha != sha256)
            {
                Quarantine(segment, name, sha256, existingSha);
                return;
            }

            _logger.LogDebug("Segment {Name} was uploaded by an earlier attempt (same SHA-256)", name);
        }

        await Step(UploadStep.Uploaded, ready, cancellationToken).ConfigureAwait(false);
        var payload = new SegmentPayload(EdgeEventIds.Segment(segment.Start), segment.Start, segment.End, name, content.Length, sha256);
        if (!await _outbox.EnqueueSegmentAsync(segment.Camera, payload, cancellationToken).ConfigureAwait(false))
        {
            _logger.LogDebug("Segment {Name} was announced by an earlier attempt", name);
        }

        await Step(UploadStep.Announced, ready, cancellationToken).ConfigureAwait(false);
        File.Delete(segment.Path);
        await Step(UploadStep.Deleted, ready, cancellationToken).ConfigureAwait(false);
    }

    private Task Step(UploadStep step, SegmentReady segment, CancellationToken cancellationToken) =>
        AfterStep?.Invoke(step, segment, cancellationToken) ?? Task.CompletedTask;

    private void Quarantine(Spooled segment, string name, string sha256, string existingSha)
    {
        var folder = Path.Combine(_quarantine, segment.Camera);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, Path.GetFileName(segment.Path));
        File.Move(segment.Path, target, overwrite: true);
        _logger.LogError(
            "Segment {Start:O} of {Camera} is not uploaded: the store already holds {Name} with different content (SHA-256 {Existing}, ours {Ours}). "
            + "Nothing was overwritten; our file is kept at {Quarantine}",
            segment.Start.UtcDateTime, segment.Camera, name, existingSha, sha256, target);
        _health?.SegmentQuarantined();
    }

    private void Register(Spooled segment, bool isNew)
    {
        List<Spooled> dropped;
        lock (_lock)
        {
            if (!_pending.Add(segment))
            {
                return; // handed over twice
            }

            _pendingBytes += segment.Bytes;
            dropped = EnforceBound(isNew ? segment : null);
            Changed();
        }

        ReportDropped(dropped);
    }

    private void Forget(Spooled segment)
    {
        lock (_lock)
        {
            if (_pending.Remove(segment))
            {
                _pendingBytes -= segment.Bytes;
            }

            Changed();
        }
    }

    /// <summary>Deletes the oldest waiting segments (never one being uploaded, nor the one just handed over) until the
    /// spool is within its bound. Under the lock.</summary>
    private List<Spooled> EnforceBound(Spooled? keep)
    {
        List<Spooled> dropped = [];
        while (_pendingBytes > _options.MaxSpoolBytes)
        {
            var victim = _pending.FirstOrDefault(s => s != keep && !(_busy.Contains(s.Camera) && IsOldestOfCamera(s)));
            if (victim is null)
            {
                break;
            }

            try
            {
                File.Delete(victim.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("Could not delete spooled segment {File}: {Reason}", victim.Path, e.Message);
            }

            _pending.Remove(victim);
            _pendingBytes -= victim.Bytes;
            dropped.Add(victim);
        }

        return dropped;
    }

    private bool IsOldestOfCamera(Spooled segment) => _pending.First(s => s.Camera == segment.Camera) == segment;

    private void ReportDropped(List<Spooled> dropped)
    {
        if (dropped.Count == 0)
        {
            return;
        }

        var bytes = dropped.Sum(s => s.Bytes);
        _logger.LogWarning(
            "Upload spool full (bound {MaxMiB:0} MiB): deleted {Count} unuploaded segment(s), {MiB:0.0} MiB, oldest first, from {From:O} to {To:O} ({Cameras})",
            _options.MaxSpoolBytes / 1048576.0, dropped.Count, bytes / 1048576.0,
            dropped.Min(s => s.Start).UtcDateTime, dropped.Max(s => s.End).UtcDateTime, string.Join(", ", dropped.Select(s => s.Camera).Distinct().Take(8)));
        _health?.SpoolDropped(dropped.Count, bytes);
    }

    /// <summary>Under the lock.</summary>
    private void Changed()
    {
        _changed.TrySetResult();
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Finds what an earlier run left in the spool: every segment file is a step not yet finished.</summary>
    private void Recover()
    {
        var found = 0;
        foreach (var folder in Directory.EnumerateDirectories(_spool))
        {
            var camera = Path.GetFileName(folder);
            if (!Ids.IsValid(camera))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder))
            {
                var fileName = Path.GetFileName(file);
                if (fileName.EndsWith(SpoolFiles.PartialSuffix, StringComparison.Ordinal))
                {
                    File.Delete(file); // never the only copy: see SpoolFiles.MoveInto
                    continue;
                }

                if (!FootageNames.TryParseSpoolFileName(fileName, out var start, out var end))
                {
                    _logger.LogWarning("Ignoring {File} in the upload spool: not a segment file name", file);
                    continue;
                }

                Register(new Spooled(camera, start, end, file, new FileInfo(file).Length), isNew: false);
                found++;
            }
        }

        if (found > 0)
        {
            _logger.LogInformation("Upload spool: {Count} segments from an earlier run wait for upload", found);
        }
    }

    private sealed class Spooled(string camera, DateTimeOffset start, DateTimeOffset end, string path, long bytes)
    {
        public static readonly IComparer<Spooled> ByAge = Comparer<Spooled>.Create((a, b) =>
        {
            var c = a.Start.CompareTo(b.Start);
            if (c == 0)
            {
                c = string.CompareOrdinal(a.Camera, b.Camera);
            }

            return c == 0 ? a.End.CompareTo(b.End) : c;
        });

        public string Camera { get; } = camera;

        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset End { get; } = end;

        public string Path { get; } = path;

        public long Bytes { get; } = bytes;

        public int Attempts { get; set; }

        public DateTimeOffset NotBefore { get; set; }
    }
}

/// <summary>A segment the four-week rule deleted from the spool before it was uploaded.</summary>
public sealed record SpoolAgeOut(string Camera, DateTimeOffset Start, DateTimeOffset End, long Bytes);

/// <summary>The steps of an upload, after which a test may simulate a crash.</summary>
internal enum UploadStep
{
    Uploaded,
    Announced,
    Deleted,
}
