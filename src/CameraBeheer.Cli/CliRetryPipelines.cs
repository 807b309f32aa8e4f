using Polly;
using Polly.Retry;

namespace CameraBeheer.Cli;

/// <summary>The CLI's retry pipelines (Polly), named and configured in one place.</summary>
internal static class CliRetryPipelines
{
    /// <summary>
    /// <see cref="Commands.ResumingWatch"/>: opens a lost watch stream again, 1 s doubling to 30 s with jitter (so the
    /// screens of a control room do not all call at once after a server restart), until the user stops the command.
    /// One pipeline per outage: the back-off starts small again after a stream that worked.
    /// </summary>
    /// <param name="passing">The errors worth trying again (the server restarting, a stream cut off); the rest end the command.</param>
    public static ResiliencePipeline WatchReconnect(PredicateBuilder<object> passing, Func<OnRetryArguments<object>, ValueTask> onRetry) =>
        new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = passing,
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(30),
            UseJitter = true,
            OnRetry = onRetry,
        }).Build();
}
