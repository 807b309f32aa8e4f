using CameraBeheer.Contracts.Text;
using CameraBeheer.Domain;
using Microsoft.Extensions.Logging.Abstractions;

namespace CameraBeheer.Edge.Video;

/// <summary>
/// Records one camera into segments in the local spool with ffmpeg's segment muxer, stream copy only (evidence is
/// never re-encoded), and announces every finished segment with its UTC start and end. ffmpeg is restarted with
/// backoff when it dies (the <c>ffmpeg-restart</c> pipeline of <see cref="EdgeRetries"/>); online/offline transitions
/// are reported. One recorder per camera: a camera that cannot be reached only ever affects its own recorder.
/// </summary>
/// <remarks>
/// <para>Segment times: ffmpeg writes a segment list (CSV on its stdout) whose entries give each segment's start and end on
/// the stream clock, one entry as soon as the segment's file is complete. The stream clock is anchored to the wall
/// clock when the first segment of a run finishes (the source is live, so the packet that ended it has just arrived);
/// segments of one run are then exactly contiguous. When the stream clock drifts more than
/// <see cref="SegmentRecorderOptions.MaximumClockDrift"/> from the wall clock it is re-anchored.</para>
/// <para>Finished segments are renamed to <c>{start}_{end}.mp4</c> (see <see cref="SegmentSpool"/>) before they are announced.</para>
/// </remarks>
public sealed class SegmentRecorder
{
    private const int StateUnknown = 0, StateOnline = 1, StateOffline = 2;

    private readonly VideoSource _source;
    private readonly SegmentRecorderOptions _options;
    private readonly Func<FinishedSegment, CancellationToken, ValueTask> _onSegment;
    private readonly Func<CameraStatusChanged, CancellationToken, ValueTask>? _onStatus;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _directory;
    private readonly IFootageDisk? _footageDisk;
    private readonly FfmpegPidFile _pidFile;
    private int _state;
    private int _runs;
    private string? _lastError;

    /// <param name="camera">The camera id (also the name of its spool folder).</param>
    /// <param name="source">Where the video comes from.</param>
    /// <param name="options">Spool, segment length, backoff and stop timeouts.</param>
    /// <param name="onSegment">Called with every finished segment, in order; the file stays in the spool for the consumer to upload and delete.
    /// Its token is cancelled a little after the recorder is stopped, so the last segment can still be taken.</param>
    /// <param name="onStatus">Called on every change between online (segments flow) and offline (ffmpeg died, cannot open the source, or is stuck).</param>
    /// <param name="logger">Where ffmpeg's messages and the recorder's own go.</param>
    /// <param name="timeProvider">The wall clock that anchors segment times; the system clock by default.</param>
    /// <param name="footageDisk">The low-disk guard: while it refuses footage, ffmpeg is stopped and not started again.</param>
    public SegmentRecorder(
        string camera,
        VideoSource source,
        SegmentRecorderOptions options,
        Func<FinishedSegment, CancellationToken, ValueTask> onSegment,
        Func<CameraStatusChanged, CancellationToken, ValueTask>? onStatus = null,
        ILogger? logger = null,
        TimeProvider? timeProvider = null,
        IFootageDisk? footageDisk = null)
    {
        if (!Ids.IsValid(camera)) throw new ArgumentException($"camera id '{camera}' is not valid: {Ids.Rule}", nameof(camera));
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onSegment);
        options.Validate();
        Camera = camera;
        _source = source;
        _options = options;
        _onSegment = onSegment;
        _onStatus = onStatus;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _footageDisk = footageDisk;
        _directory = SegmentSpool.CameraDirectory(Path.GetFullPath(options.SpoolDirectory), camera);
        _pidFile = new FfmpegPidFile(_directory, camera, _logger);
    }

    public string Camera { get; }

    /// <summary>The last state reported; null before the first segment or failure.</summary>
    public CameraState? State => Volatile.Read(ref _state) switch
    {
        StateOnline => CameraState.Online,
        StateOffline => CameraState.Offline,
        _ => null,
    };

    /// <summary>How many times ffmpeg was started.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Why the last ffmpeg run ended, if it failed.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>The folder this camera's segments are written to.</summary>
    public string Directory => _directory;

    /// <summary>Records until <paramref name="stoppingToken"/> is cancelled, then stops ffmpeg gracefully. Never throws for a bad source.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        // The consumer gets a little longer than ffmpeg to take the last segment of a graceful stop.
        using var callbacks = new CancellationTokenSource();
        using var drain = stoppingToken.Register(() => callbacks.CancelAfter(_options.StopTimeout * 2));

        try
        {
            System.IO.Directory.CreateDirectory(_directory);
            _pidFile.StopOrphan();
            var removed = SegmentSpool.DeleteUnfinished(_directory);
            if (removed > 0) _logger.LogWarning("Camera {Camera}: removed {Count} unfinished segment(s) of an earlier run", Camera, removed);
            if (_options.AnnounceLeftoversOnStart)
            {
                foreach (var leftover in SegmentSpool.ListFinished(Path.GetDirectoryName(_directory)!, Camera))
                {
                    if (stoppingToken.IsCancellationRequested) break;
                    await AnnounceAsync(leftover, callbacks.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await SetStateAsync(CameraState.Offline, $"the spool folder {_directory} cannot be used: {e.Message}", callbacks.Token).ConfigureAwait(false);
        }

        var restarts = EdgeRetries.FfmpegRestart<RecordingOutcome>(
            _options.InitialBackoff, _options.MaximumBackoff, _time,
            failed: run => run.Started && run.Segments == 0 && _footageDisk is not { RefusingFootage: true },
            onRetry: retry => RestartingAsync(retry.Outcome.Result, retry.RetryDelay, callbacks.Token));
        while (!stoppingToken.IsCancellationRequested)
        {
            if (_footageDisk is { RefusingFootage: true })
            {
                // The guard logs the refusal once for all cameras; the camera itself is fine, so its status stays.
                try
                {
                    await _footageDisk.WhenFootageAllowedAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                continue;
            }

            RecordingOutcome run;
            try
            {
                run = await restarts.ExecuteAsync(
                    async ct => _footageDisk is { RefusingFootage: true }
                        ? new RecordingOutcome(0, "the footage disk is low", Started: false)
                        : await RecordOnceAsync(ct, callbacks.Token).ConfigureAwait(false),
                    stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            if (stoppingToken.IsCancellationRequested) break;
            if (_footageDisk is { RefusingFootage: true })
            {
                if (run.Started) _logger.LogInformation("Camera {Camera}: ffmpeg stopped after {Segments} segment(s): the footage disk is low; recording resumes when there is room", Camera, run.Segments);
                continue;
            }

            // A run that delivered segments ended: restart after the first wait, and a failing streak starts over.
            await RestartingAsync(run, _options.InitialBackoff, callbacks.Token).ConfigureAwait(false);
            try
            {
                await Task.Delay(_options.InitialBackoff, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (State == CameraState.Online) await SetStateAsync(CameraState.Offline, "the recorder was stopped", callbacks.Token).ConfigureAwait(false);
    }

    /// <summary>A run ended and ffmpeg is started again after <paramref name="wait"/>: the camera is offline meanwhile.</summary>
    private async ValueTask RestartingAsync(RecordingOutcome run, TimeSpan wait, CancellationToken callbackToken)
    {
        Volatile.Write(ref _lastError, run.Reason);
        await SetStateAsync(CameraState.Offline, run.Reason, callbackToken).ConfigureAwait(false);
        _logger.LogWarning("Camera {Camera}: recording stopped ({Reason}); restarting in {Wait:0.#} s", Camera, run.Reason, wait.TotalSeconds);
    }

    /// <summary>The ffmpeg arguments of one recording run, writing segments to <paramref name="outputPattern"/> (with <c>%06d</c>).</summary>
    public static IReadOnlyList<string> BuildArguments(VideoSource source, string outputPattern, TimeSpan segmentDuration)
    {
        var arguments = new List<string> { "-hide_banner", "-nostats", "-loglevel", "warning" };
        arguments.AddRange(source.InputArguments());
        arguments.AddRange(
        [
            // Video only: the surveillance plan covers images; recording conversations would need a basis of its own.
            "-map", "0:v:0", "-an", "-sn", "-dn",
            "-c", "copy",
            "-f", "segment",
            "-segment_time", segmentDuration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
            "-segment_format", "mp4",
            "-reset_timestamps", "1",
            // One CSV line (file,start,end) per segment on stdout, written once the segment's file is complete.
            "-segment_list", "pipe:1",
            "-segment_list_type", "csv",
            outputPattern,
        ]);
        return arguments;
    }

    private async Task<RecordingOutcome> RecordOnceAsync(CancellationToken stoppingToken, CancellationToken callbackToken)
    {
        Interlocked.Increment(ref _runs);
        var runStamp = _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture);
        // '%' is the segment muxer's pattern character; one in the spool path must not be taken for one.
        var pattern = Path.Combine(_directory.Replace("%", "%%", StringComparison.Ordinal), $"{SegmentSpool.RecordingPrefix}{runStamp}-%06d.mp4");
        var arguments = BuildArguments(_source, pattern, _options.SegmentDuration);

        FfmpegProcess ffmpeg;
        try
        {
            ffmpeg = FfmpegProcess.Start(arguments, $"camera {Camera} recorder", _logger);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return new RecordingOutcome(0, $"ffmpeg could not be started ({FfmpegBinaries.Ffmpeg}): {e.Message}");
        }

        await using (ffmpeg.ConfigureAwait(false))
        {
            _pidFile.Write(ffmpeg.Id);
            var run = new RecordingRun(_time.GetUtcNow());
            using var stop = stoppingToken.Register(() => ffmpeg.RequestStop(_options.StopTimeout));
            var reading = ReadSegmentListAsync(ffmpeg, run, callbackToken);

            var stall = _options.EffectiveStallTimeout;
            while (!reading.IsCompleted)
            {
                await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(1), _time)).ConfigureAwait(false);
                if (!reading.IsCompleted && !ffmpeg.StopRequested && _footageDisk is { RefusingFootage: true })
                {
                    // 'q': ffmpeg closes the segment it writes (announced as usual) and exits; no new one is started.
                    ffmpeg.RequestStop(_options.StopTimeout);
                }
                if (!reading.IsCompleted && !ffmpeg.StopRequested && _time.GetUtcNow() - run.LastProgress > stall)
                {
                    run.StallReason = $"no segment finished in {stall.TotalSeconds:0} s; the source {_source} seems stuck";
                    ffmpeg.RequestStop(_options.StopTimeout);
                }
            }
            try
            {
                await reading.ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // ffmpeg's stdout broke off: this run is over either way; the reason comes from ffmpeg's exit below.
                _logger.LogWarning("Camera {Camera}: reading ffmpeg's segment list failed: {Message}", Camera, e.Message);
                ffmpeg.Kill();
            }

            try
            {
                using var exitTimeout = new CancellationTokenSource(_options.StopTimeout);
                await ffmpeg.WaitForExitAsync(exitTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ffmpeg.Kill();
            }

            _pidFile.Delete();
            if (run.StallReason is { } stalled) return new RecordingOutcome(run.Segments, stalled);
            if (stoppingToken.IsCancellationRequested) return new RecordingOutcome(run.Segments, "stopped");
            var said = Redact(ffmpeg.LastError);
            if (ffmpeg.HasExited && ffmpeg.ExitCode == 0)
                return new RecordingOutcome(run.Segments, said.Length > 0 ? $"the source ended its stream: {said}" : $"the source ended its stream ({_source})");
            var code = ffmpeg.HasExited ? ffmpeg.ExitCode.ToString(CultureInfo.InvariantCulture) : "unknown";
            return new RecordingOutcome(run.Segments, said.Length > 0 ? $"ffmpeg exited with code {code}: {said}" : $"ffmpeg exited with code {code}");
        }
    }

    private async Task ReadSegmentListAsync(FfmpegProcess ffmpeg, RecordingRun run, CancellationToken callbackToken)
    {
        // Read to the end whatever happens: after 'q' ffmpeg still writes the entry of the segment it closes.
        while (await ffmpeg.OutputText.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
        {
            if (!SegmentList.TryParseEntry(line, out var name, out var streamStart, out var streamEnd))
            {
                _logger.LogWarning("Camera {Camera}: unexpected line in ffmpeg's segment list: {Line}", Camera, Printable.Excerpt(line, 300));
                continue;
            }

            var now = _time.GetUtcNow();
            if (run.Anchor is not { } anchor || _source.IsLive && (now - (anchor + streamEnd)).Duration() > _options.MaximumClockDrift)
            {
                if (run.Anchor is { } old) _logger.LogInformation("Camera {Camera}: stream clock re-anchored to the wall clock ({Drift:0.000} s of drift)", Camera, (now - (old + streamEnd)).TotalSeconds);
                // Never before this run's ffmpeg started: a file source can deliver its first second faster than real
                // time, which dated the first segment before the process existed (while footage was still refused).
                anchor = Max(now - streamEnd, run.Started);
                run.Anchor = anchor;
            }

            // Whole milliseconds, as the spool's file names (and contract v1's times) carry them.
            var start = ToMilliseconds(anchor + streamStart);
            var end = ToMilliseconds(anchor + streamEnd);
            var recorded = Path.Combine(_directory, name);
            if (end <= start)
            {
                SegmentSpool.TryDelete(recorded, Camera, _logger);
                continue;
            }

            var finished = Path.Combine(_directory, SegmentSpool.FinishedFileName(start, end));
            try
            {
                File.Move(recorded, finished);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogError("Camera {Camera}: finished segment {File} could not be moved to {Finished}: {Message}", Camera, recorded, finished, e.Message);
                continue;
            }

            run.CountSegment();
            run.LastProgress = now;
            await SetStateAsync(CameraState.Online, null, callbackToken).ConfigureAwait(false);
            await AnnounceAsync(new FinishedSegment(Camera, start, end, finished), callbackToken).ConfigureAwait(false);
        }
    }

    private async ValueTask AnnounceAsync(FinishedSegment segment, CancellationToken token)
    {
        try
        {
            await _onSegment(segment, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            _logger.LogWarning("Camera {Camera}: segment {File} was not taken before the stop; it stays in the spool for the next start", Camera, segment.Path);
        }
        catch (Exception e)
        {
            // The file stays in the spool: the next start of the recorder announces it again.
            _logger.LogError(e, "Camera {Camera}: the consumer of finished segments failed on {File}", Camera, segment.Path);
        }
    }

    private async ValueTask SetStateAsync(CameraState state, string? reason, CancellationToken token)
    {
        var value = state == CameraState.Online ? StateOnline : StateOffline;
        if (Interlocked.Exchange(ref _state, value) == value) return;
        if (state == CameraState.Online) _logger.LogInformation("Camera {Camera}: online, segments are coming in", Camera);
        else _logger.LogWarning("Camera {Camera}: offline: {Reason}", Camera, reason);
        if (_onStatus is null) return;
        try
        {
            await _onStatus(new CameraStatusChanged(Camera, state, _time.GetUtcNow(), reason), token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            _logger.LogWarning("Camera {Camera}: status {State} was not taken before the stop", Camera, state);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Camera {Camera}: the consumer of status changes failed", Camera);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static DateTimeOffset ToMilliseconds(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMillisecond + (time.UtcTicks % TimeSpan.TicksPerMillisecond >= TimeSpan.TicksPerMillisecond / 2 ? TimeSpan.TicksPerMillisecond : 0), TimeSpan.Zero);

    private string Redact(string text) =>
        _source.Url.Length > 0 ? text.Replace(_source.Url, _source.ToString(), StringComparison.Ordinal) : text;

    /// <summary>The pid of the ffmpeg recording into this camera's folder, while it runs.</summary>
    internal string PidFile => _pidFile.Path;
}
