using System.Security.Cryptography;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Domain;
using CameraBeheer.Edge.Messaging;
using CameraBeheer.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace CameraBeheer.Edge.Uploading;

/// <summary>
/// Uploads finished segments to the blob store and announces them: SHA-256, a conditional write (If-None-Match: *) under
/// the design's footage name, the <c>segment</c> event into the <see cref="EdgeOutbox"/>, then the local file is
/// deleted. Retries with backoff while the store fails (the <c>segment-upload</c> pipeline of <see cref="EdgeRetries"/>);
/// one camera's segments go in order, cameras in parallel.
/// </summary>
/// <remarks>
/// <para><b>Once, even when killed half-way.</b> The spool is the journal: a segment is a file
/// <c>{spool}/{camera}/{start}_{end}.mp4</c> until it is announced, and every step can be repeated. After a crash
/// between upload and announcement, the conditional write finds the blob present; the same SHA-256 means the upload is
/// done (a different one is an error: the file is quarantined, nothing is overwritten). After a crash between
/// announcement and delete, the outbox recognises the segment's event id (<see cref="EdgeEventIds.Segment"/>), queued
/// or completed recently, and does not queue it again.</para>
/// <para><b>Bounded.</b> Beyond <see cref="SegmentUploaderOptions.MaxSpoolBytes"/> waiting, the oldest segments are
/// deleted unuploaded (logged, counted as <c>camerabeheer.edge.spool.dropped</c>, and in the agent status): see
/// <see cref="UploadSpool"/>.</para>
/// </remarks>
public sealed class SegmentUploader : BackgroundService
{
    private readonly SegmentUploaderOptions _options;
    private readonly IBlobStore _store;
    private readonly EdgeOutbox _outbox;
    private readonly EdgeHealth? _health;
    private readonly ILogger _logger;
    private readonly string _spoolFolder;
    private readonly string _quarantine;
    private readonly UploadSpool _spool;
    private readonly ResiliencePipeline _retries;

    // Concurrency counts attempts, not uploads: a camera whose upload waits for its retry takes no slot from another.
    private readonly SemaphoreSlim _slots;

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
        _spoolFolder = Path.GetFullPath(options.SpoolFolder);
        _quarantine = Path.GetFullPath(options.QuarantineFolder);
        _slots = new SemaphoreSlim(options.Concurrency, options.Concurrency);
        _retries = EdgeRetries.SegmentUpload(options.MinBackoff, options.MaxBackoff, timeProvider ?? TimeProvider.System, LogRetry);
        _spool = new UploadSpool(_spoolFolder, options.MaxSpoolBytes, health, _logger);
        _spool.Recover();
    }

    /// <summary>Segments waiting for upload (including one being uploaded).</summary>
    public int PendingCount => _spool.Count;

    /// <summary>
    /// The edge's four-week rule on the upload spool: deletes every waiting segment that ended before
    /// <paramref name="cutoff"/> (never the one being uploaded), logs and counts it as a spool drop, and returns what went.
    /// </summary>
    public IReadOnlyList<SpoolAgeOut> AgeOut(DateTimeOffset cutoff) => _spool.AgeOut(cutoff);

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
        var folder = Path.Combine(_spoolFolder, segment.Camera);
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

        _spool.Register(new SpooledSegment(segment.Camera, segment.Start.ToUniversalTime(), segment.End.ToUniversalTime(), target, new FileInfo(target).Length), isNew: true);
        return Task.CompletedTask;
    }

    /// <summary>Completes when nothing waits for upload.</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (_spool.WhenChanged(unlessIdle: true) is { } changed)
        {
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        var stopped = Task.Delay(Timeout.Infinite, stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveAll(t => t.IsCompleted);
                var changed = _spool.WhenChanged(unlessIdle: false)!;
                if (_spool.StartNext() is { } next)
                {
                    running.Add(ProcessAsync(next, stoppingToken));
                    continue;
                }

                await Task.WhenAny([.. running, changed, stopped]).ConfigureAwait(false);
            }
        }
        finally
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    private async Task ProcessAsync(SpooledSegment segment, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var gone = true;
        var context = ResilienceContextPool.Shared.Get(stoppingToken);
        context.Properties.Set(EdgeRetries.Subject, segment);
        try
        {
            await _retries.ExecuteAsync(
                static async (context, state) =>
                {
                    var (uploader, segment) = state;
                    if (!uploader._spool.BeginAttempt(segment))
                    {
                        return; // dropped from the spool while its upload waited to be retried
                    }

                    try
                    {
                        await uploader._slots.WaitAsync(context.CancellationToken).ConfigureAwait(false);
                        try
                        {
                            await uploader.UploadAsync(segment, context.CancellationToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            uploader._slots.Release();
                        }
                    }
                    finally
                    {
                        uploader._spool.EndAttempt(segment);
                    }
                },
                context,
                (this, segment)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the file stays in the spool and the next start repeats the steps.
            gone = false;
        }
        catch (FileNotFoundException)
        {
            _logger.LogWarning("Segment {File} of {Camera} vanished from the spool before upload", segment.Path, segment.Camera);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            _spool.Finished(segment, gone);
        }
    }

    private ValueTask LogRetry(OnRetryArguments<object> retry)
    {
        var attempt = retry.AttemptNumber + 1;
        if ((attempt == 1 || attempt % 10 == 0) && retry.Context.Properties.TryGetValue(EdgeRetries.Subject, out var subject) && subject is SpooledSegment segment)
        {
            _logger.LogWarning("Upload of segment {Start:O} of {Camera} failed (attempt {Attempt}: {Reason}); retrying in {Seconds:0.#} s",
                segment.Start.UtcDateTime, segment.Camera, attempt, retry.Outcome.Exception?.Message, retry.RetryDelay.TotalSeconds);
        }

        return ValueTask.CompletedTask;
    }

    private async Task UploadAsync(SpooledSegment segment, CancellationToken cancellationToken)
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

    private void Quarantine(SpooledSegment segment, string name, string sha256, string existingSha)
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
}
