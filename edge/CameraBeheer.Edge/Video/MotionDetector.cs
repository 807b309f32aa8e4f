using CameraBeheer.Domain;
using Microsoft.Extensions.Logging.Abstractions;

namespace CameraBeheer.Edge.Video;

/// <summary>
/// Detects motion on one camera: ffmpeg decodes the source into small grayscale frames on its stdout (no temporary
/// files), a <see cref="RegionMotionTracker"/> turns them into start/update/end events per region. ffmpeg is restarted
/// with backoff when it dies (the <c>ffmpeg-restart</c> pipeline of <see cref="EdgeRetries"/>).
/// </summary>
/// <remarks>
/// A frame's time is the stream start (UTC) plus its index over the frame rate, so the same video gives the same
/// events. The stream start is the wall clock when the first frame arrives, or the time given to
/// <see cref="RunOnceAsync"/>; for a live source the time is re-anchored when it drifts from the wall clock.
/// </remarks>
public sealed class MotionDetector
{
    private readonly VideoSource _source;
    private readonly MotionDetectorOptions _options;
    private readonly Func<MotionDetected, CancellationToken, ValueTask> _onMotion;
    private readonly Func<DateTimeOffset, int?>? _presetAt;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RegionMotionTracker _tracker;
    private readonly byte[] _frame;
    private int _runs;

    /// <param name="camera">The camera id the events carry.</param>
    /// <param name="source">Where the video comes from.</param>
    /// <param name="regions">The regions to watch (see <see cref="Region.Parse"/>); none means the whole image, as for a dome.</param>
    /// <param name="options">Frame size, thresholds, timing.</param>
    /// <param name="onMotion">Called with every event, in order.</param>
    /// <param name="presetAt">For a dome: its preset at a frame's time; null for a fixed camera.</param>
    /// <param name="logger">Where ffmpeg's messages and the detector's own go.</param>
    /// <param name="timeProvider">The wall clock that anchors frame times; the system clock by default.</param>
    /// <exception cref="RegionFormatException">A region is configured twice or covers no pixel of the analysis frame.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public MotionDetector(
        string camera,
        VideoSource source,
        IReadOnlyList<Region> regions,
        MotionDetectorOptions options,
        Func<MotionDetected, CancellationToken, ValueTask> onMotion,
        Func<DateTimeOffset, int?>? presetAt = null,
        ILogger? logger = null,
        TimeProvider? timeProvider = null)
    {
        if (!Ids.IsValid(camera)) throw new ArgumentException($"camera id '{camera}' is not valid: {Ids.Rule}", nameof(camera));
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(onMotion);
        _tracker = new RegionMotionTracker(camera, regions, options);
        Camera = camera;
        _source = source;
        _options = options;
        _onMotion = onMotion;
        _presetAt = presetAt;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _frame = new byte[_tracker.FrameSize];
    }

    public string Camera { get; }

    /// <summary>How many times ffmpeg was started.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Detects motion until <paramref name="stoppingToken"/> is cancelled, restarting ffmpeg with backoff. Never throws for a bad source.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var restarts = EdgeRetries.FfmpegRestart<MotionRunResult>(
            _options.InitialBackoff, _options.MaximumBackoff, _time, failed: run => run.Frames == 0, onRetry: retry =>
            {
                LogRestart(retry.Outcome.Result!, retry.RetryDelay);
                return ValueTask.CompletedTask;
            });
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var worked = await restarts.ExecuteAsync(ct => new ValueTask<MotionRunResult>(RunOnceAsync(null, ct)), stoppingToken).ConfigureAwait(false);
                if (stoppingToken.IsCancellationRequested) break;

                // A run that delivered frames ended: restart after the first wait, and a failing streak starts over.
                LogRestart(worked, _options.InitialBackoff);
                await Task.Delay(_options.InitialBackoff, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private void LogRestart(MotionRunResult result, TimeSpan wait) =>
        _logger.LogWarning("Camera {Camera}: motion detection stopped after {Frames} frames ({Reason}); restarting in {Wait:0.#} s", Camera, result.Frames, result.Reason, wait.TotalSeconds);

    /// <summary>
    /// One ffmpeg run, until the stream ends, ffmpeg fails or <paramref name="cancellationToken"/> is cancelled; motion
    /// still in progress then ends. Frame <c>n</c> is at <paramref name="streamStart"/> + n / frame rate; without a
    /// start the wall clock at the first frame is taken. Does not throw for a bad source: the result says why it ended.
    /// </summary>
    public async Task<MotionRunResult> RunOnceAsync(DateTimeOffset? streamStart, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        FfmpegProcess ffmpeg;
        try
        {
            ffmpeg = FfmpegProcess.Start(BuildArguments(_source, _options), $"camera {Camera} motion", _logger);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return new MotionRunResult(0, $"ffmpeg could not be started ({FfmpegBinaries.Ffmpeg}): {e.Message}");
        }

        long frames = 0;
        await using (ffmpeg.ConfigureAwait(false))
        {
            using var stop = cancellationToken.Register(() => ffmpeg.RequestStop(_options.StopTimeout));
            var output = ffmpeg.Output;
            var anchor = streamStart ?? default;
            var last = anchor;
            var ticksPerFrame = TimeSpan.TicksPerSecond / _options.FramesPerSecond;

            // Read to the end even once stopping: ffmpeg blocked on a full pipe would not see the 'q'.
            while (await output.ReadAtLeastAsync(_frame, _frame.Length, throwOnEndOfStream: false, CancellationToken.None).ConfigureAwait(false) == _frame.Length)
            {
                if (cancellationToken.IsCancellationRequested) continue;
                if (frames == 0 && streamStart is null) anchor = _time.GetUtcNow();
                var offset = TimeSpan.FromTicks((long)Math.Round(frames * ticksPerFrame));
                var ts = anchor + offset;
                if (streamStart is null && _source.IsLive && frames > 0 && (_time.GetUtcNow() - ts).Duration() > _options.MaximumClockDrift)
                {
                    anchor = _time.GetUtcNow() - offset;
                    ts = anchor + offset;
                }
                frames++;
                last = ts;
                await DeliverAsync(_tracker.Process(_frame, ts, _presetAt?.Invoke(ts)), cancellationToken).ConfigureAwait(false);
            }
            using (var finishing = new CancellationTokenSource(_options.StopTimeout))
                await DeliverAsync(_tracker.Finish(last), finishing.Token).ConfigureAwait(false);

            try
            {
                using var exitTimeout = new CancellationTokenSource(_options.StopTimeout * 2);
                await ffmpeg.WaitForExitAsync(exitTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ffmpeg.Kill();
            }

            if (cancellationToken.IsCancellationRequested) return new MotionRunResult(frames, "stopped");
            var code = ffmpeg.HasExited ? ffmpeg.ExitCode : -1;
            var said = ffmpeg.LastError.Replace(_source.Url, _source.ToString(), StringComparison.Ordinal);
            var reason = code == 0 ? "the stream ended" : said.Length > 0 ? $"ffmpeg exited with code {code}: {said}" : $"ffmpeg exited with code {code}";
            return new MotionRunResult(frames, reason);
        }
    }

    /// <summary>The ffmpeg arguments: decode one thread, keep <c>fps</c> frames a second, scale small, gray bytes on stdout.</summary>
    public static IReadOnlyList<string> BuildArguments(VideoSource source, MotionDetectorOptions options)
    {
        var arguments = new List<string> { "-hide_banner", "-nostats", "-loglevel", "error", "-threads", "1" };
        arguments.AddRange(source.InputArguments());
        arguments.AddRange(
        [
            "-map", "0:v:0", "-an", "-sn", "-dn",
            "-filter_threads", "1",
            "-vf", string.Create(CultureInfo.InvariantCulture, $"fps={options.FramesPerSecond},scale={options.FrameWidth}:{options.FrameHeight}:flags=fast_bilinear,format=gray"),
            "-f", "rawvideo",
            "-pix_fmt", "gray",
            "pipe:1",
        ]);
        return arguments;
    }

    private async ValueTask DeliverAsync(IReadOnlyList<MotionDetected> events, CancellationToken cancellationToken)
    {
        for (var i = 0; i < events.Count; i++)
        {
            try
            {
                await _onMotion(events[i], cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Camera {Camera}: the consumer of motion events failed on {Event}", Camera, events[i]);
            }
        }
    }
}

/// <summary>How one ffmpeg run of a <see cref="MotionDetector"/> went.</summary>
/// <param name="Frames">Frames analysed.</param>
/// <param name="Reason">Why it ended, in words.</param>
public sealed record MotionRunResult(long Frames, string Reason);
