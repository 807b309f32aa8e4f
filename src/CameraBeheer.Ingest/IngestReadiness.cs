namespace CameraBeheer.Ingest;

/// <summary>Completes when the subscriber has connected and subscribed for the first time, so the host can say it is ready.</summary>
public sealed class IngestReadiness
{
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Subscribed => _subscribed.Task;

    internal void MarkSubscribed() => _subscribed.TrySetResult();
}
