using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CameraBeheer.Grains;

/// <summary>
/// The grains' retry pipelines (Polly), named and configured in one place: what is tried again, how the back-off grows,
/// when to give up. The host builds its own on <see cref="Patient"/> (Hosting/HostRetryPipelines).
/// </summary>
/// <remarks>Built by the code that runs them rather than taken from a DI registry: a watch feed has its own clock and
/// log line, and the feeds are made per stream, not by the container.</remarks>
public static class RetryPipelines
{
    /// <summary>
    /// The back-off of a retry that waits for the cluster to answer: 1 s doubling to 30 s, with jitter so silos and
    /// streams do not retry in step, with no end of its own (a stop or a timeout ends it). Cancellation is not retried.
    /// </summary>
    public static RetryStrategyOptions Patient(Func<OnRetryArguments<object>, ValueTask> onRetry) => new()
    {
        ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
        MaxRetryAttempts = int.MaxValue,
        BackoffType = DelayBackoffType.Exponential,
        Delay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(30),
        UseJitter = true,
        OnRetry = onRetry,
    };

    /// <summary>
    /// <see cref="Watching.WatchFeed{T}"/>: renews a watch's subscription with the grain until it answers; after
    /// <paramref name="giveUpAfter"/> it fails with a <see cref="TimeoutRejectedException"/> and the stream ends with a status.
    /// </summary>
    public static ResiliencePipeline WatchRenewal(TimeSpan giveUpAfter, TimeProvider time, Func<OnRetryArguments<object>, ValueTask> onRetry) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = giveUpAfter })
            .AddRetry(Patient(onRetry))
            .Build();
}
