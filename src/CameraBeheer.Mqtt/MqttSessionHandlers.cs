namespace CameraBeheer.Mqtt;

/// <summary>What the owner of an <see cref="MqttSession"/> does at each stage of a connection.</summary>
public sealed class MqttSessionHandlers
{
    /// <summary>
    /// Runs as part of each connect, after the subscriptions (announce the client, drop old subscriptions, log): when it
    /// throws, the connect counts as failed and is retried with backoff.
    /// </summary>
    public Func<CancellationToken, Task>? Connected { get; init; }

    /// <summary>Serves a connection that is up until it is lost (the task) or the owner is done; returns whether to connect again.</summary>
    public required Func<Task<MqttConnectionLost>, CancellationToken, Task<bool>> WhileConnected { get; init; }

    /// <summary>Hears each failed connect, with the wait before the next attempt (to log it).</summary>
    public Action<MqttReconnectAttempt>? ConnectFailed { get; init; }
}
