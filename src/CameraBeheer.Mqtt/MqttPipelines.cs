using Polly;
using Polly.Retry;

namespace CameraBeheer.Mqtt;

/// <summary>
/// The retry pipelines of the MQTT piece, named and configured here only. MQTTnet 5 has no managed client (the v4
/// ManagedMqttClient is gone), so reconnecting is ours to do; Polly does the backoff.
/// </summary>
public static class MqttPipelines
{
    public const string ReconnectName = "mqtt-reconnect";

    /// <summary>
    /// Connecting until it works: exponential backoff with jitter from <see cref="MqttSessionSettings.MinBackoff"/> to
    /// <see cref="MqttSessionSettings.MaxBackoff"/>, without end (a broker away for a day is waited for), stopped only by
    /// the caller's token. <paramref name="onRetry"/> hears each failure with the wait before the next attempt.
    /// </summary>
    public static ResiliencePipeline Reconnect(MqttSessionSettings settings, TimeProvider time, Action<MqttReconnectAttempt> onRetry) =>
        new ResiliencePipelineBuilder { Name = ReconnectName, TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                Name = ReconnectName,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.MinBackoff,
                MaxDelay = settings.MaxBackoff,
                OnRetry = args =>
                {
                    onRetry(new MqttReconnectAttempt(args.Outcome.Exception!, args.AttemptNumber, args.RetryDelay));
                    return default;
                },
            })
            .Build();

    /// <summary>The first wait of a message the broker refused (a PUBACK with an error code).</summary>
    public static readonly TimeSpan RejectedPublishFirstDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait of a refused message: a broker whose rights were mended is tried again within a minute.</summary>
    public static readonly TimeSpan RejectedPublishMaxDelay = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a message the broker refused <paramref name="rejectionsBefore"/> times already waits before it is sent
    /// again: doubling from <see cref="RejectedPublishFirstDelay"/> to <see cref="RejectedPublishMaxDelay"/>.
    /// </summary>
    /// <remarks>
    /// Not a Polly retry around the publish: the message waits in the edge's outbox, not in the publisher, so while it
    /// waits it stays on disk, counts in the queue's limits and can be dropped or aged out by the outbox's rules, and
    /// the wait outlives a reconnect. Polly has no public way to ask a strategy for its next delay, so the rule is here,
    /// beside the reconnect pipeline, rather than in the outbox or the publisher.
    /// </remarks>
    public static TimeSpan RejectedPublishDelay(int rejectionsBefore) =>
        TimeSpan.FromTicks(Math.Min(RejectedPublishFirstDelay.Ticks << Math.Clamp(rejectionsBefore, 0, 10), RejectedPublishMaxDelay.Ticks));
}

/// <summary>One failed connect: what went wrong, how many failed before it since the last success (0: the first), and the wait before the next.</summary>
public sealed record MqttReconnectAttempt(Exception Error, int FailedBefore, TimeSpan RetryIn);
