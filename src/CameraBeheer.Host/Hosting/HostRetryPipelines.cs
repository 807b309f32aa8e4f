using CameraBeheer.Grains;
using Polly;
using Polly.Retry;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// The host's retry pipelines (Polly), named and configured in one place, on the grains' patient back-off
/// (<see cref="RetryPipelines.Patient"/>: 1 s doubling to 30 s, with jitter).
/// </summary>
public static class HostRetryPipelines
{
    /// <summary>
    /// <see cref="SiteClockStart"/>: the silo may still be joining (membership, the reminder table), so the site clock is
    /// started again until it answers; only the host's stop ends it.
    /// </summary>
    public static ResiliencePipeline SiteClockStart(Func<OnRetryArguments<object>, ValueTask> onRetry) =>
        new ResiliencePipelineBuilder().AddRetry(RetryPipelines.Patient(onRetry)).Build();
}
