namespace CameraBeheer.Ingest;

/// <summary>Whether the subscriber is connected: completes <see cref="Subscribed"/> on the first subscription, so the host can say it is ready.</summary>
public sealed class IngestReadiness
{
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _connected;

    public Task Subscribed => _subscribed.Task;

    public bool IsConnected => _connected;

    internal void MarkSubscribed()
    {
        _connected = true;
        _subscribed.TrySetResult();
    }

    internal void MarkDisconnected() => _connected = false;
}
