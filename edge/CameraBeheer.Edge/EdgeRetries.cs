using System.Net.Sockets;
using Polly;
using Polly.Retry;

namespace CameraBeheer.Edge;

/// <summary>
/// Every retry of the edge, named and shaped in one place: Polly retry pipelines that wait through the injected
/// <see cref="TimeProvider"/> (so tests with a fake clock drive them), never give up while the agent runs, double their
/// wait from a minimum up to a maximum, and leave the caller to say what counts as a failure and what to log.
/// </summary>
/// <remarks>
/// The MQTT publisher's reconnect is not here: it belongs to the shared MQTT client. A run that went well (a stable
/// connection, an ffmpeg run that delivered) ends a pipeline's execution, so the next failure starts the doubling over.
/// </remarks>
public static class EdgeRetries
{
    /// <summary>The segment being uploaded, for the uploader's retry log line.</summary>
    internal static readonly ResiliencePropertyKey<object> Subject = new("camerabeheer.edge.subject");

    /// <summary>
    /// <b>segment-upload</b>: a segment whose upload failed (the store unreachable, an I/O error) is tried again after
    /// <paramref name="minBackoff"/>, doubling up to <paramref name="maxBackoff"/>, until it succeeds or the agent stops.
    /// A vanished file is not retried (nothing to upload).
    /// </summary>
    public static ResiliencePipeline SegmentUpload(
        TimeSpan minBackoff, TimeSpan maxBackoff, TimeProvider time, Func<OnRetryArguments<object>, ValueTask> onRetry)
    {
        var retry = new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is not (null or FileNotFoundException) && !args.Context.CancellationToken.IsCancellationRequested),
            OnRetry = onRetry,
        };
        Doubling(retry, minBackoff, maxBackoff);
        return new ResiliencePipelineBuilder { Name = "segment-upload", TimeProvider = time }.AddRetry(retry).Build();
    }

    /// <summary>
    /// <b>gate-reconnect</b>: a gate controller that cannot be reached, or drops the connection before it held for a
    /// while (<paramref name="droppedAtOnce"/>), is connected to again after <paramref name="minBackoff"/>, doubling up to
    /// <paramref name="maxBackoff"/>.
    /// </summary>
    public static ResiliencePipeline<TimeSpan> GateReconnect(
        TimeSpan minBackoff, TimeSpan maxBackoff, TimeProvider time, Func<TimeSpan, bool> droppedAtOnce, Func<OnRetryArguments<TimeSpan>, ValueTask> onRetry)
    {
        var retry = new RetryStrategyOptions<TimeSpan>
        {
            ShouldHandle = args => ValueTask.FromResult(!args.Context.CancellationToken.IsCancellationRequested && args.Outcome switch
            {
                { Exception: SocketException or IOException or TimeoutException } => true,
                { Exception: null, Result: var heldFor } => droppedAtOnce(heldFor),
                _ => false,
            }),
            OnRetry = onRetry,
        };
        return new ResiliencePipelineBuilder<TimeSpan> { Name = "gate-reconnect", TimeProvider = time }
            .AddRetry(Doubling(retry, minBackoff, maxBackoff))
            .Build();
    }

    /// <summary>
    /// <b>ffmpeg-restart</b>: an ffmpeg run (recorder or motion detector) that ended without delivering
    /// (<paramref name="failed"/>) is started again after <paramref name="initialBackoff"/>, doubling up to
    /// <paramref name="maximumBackoff"/>. A run that delivered ends the execution: its caller restarts it after the
    /// initial wait, and the doubling starts over.
    /// </summary>
    public static ResiliencePipeline<TRun> FfmpegRestart<TRun>(
        TimeSpan initialBackoff, TimeSpan maximumBackoff, TimeProvider time, Func<TRun, bool> failed, Func<OnRetryArguments<TRun>, ValueTask> onRetry)
    {
        var retry = new RetryStrategyOptions<TRun>
        {
            ShouldHandle = args => ValueTask.FromResult(
                !args.Context.CancellationToken.IsCancellationRequested && args.Outcome.Exception is null && failed(args.Outcome.Result!)),
            OnRetry = onRetry,
        };
        return new ResiliencePipelineBuilder<TRun> { Name = "ffmpeg-restart", TimeProvider = time }
            .AddRetry(Doubling(retry, initialBackoff, maximumBackoff))
            .Build();
    }

    /// <summary>The shape every edge retry shares: without end, exponential from <paramref name="first"/> up to
    /// <paramref name="longest"/>, no jitter (one agent per site: there is no herd to spread).</summary>
    private static RetryStrategyOptions<TResult> Doubling<TResult>(RetryStrategyOptions<TResult> options, TimeSpan first, TimeSpan longest)
    {
        options.MaxRetryAttempts = int.MaxValue;
        options.BackoffType = DelayBackoffType.Exponential;
        options.Delay = first;
        options.MaxDelay = longest;
        options.UseJitter = false;
        return options;
    }
}
