namespace CameraBeheer.Abstractions;

/// <summary>
/// A watcher (grain observer) that is told when the grain it watches deactivates: the grain's list of watchers lives in
/// memory and goes with the activation, so the watcher subscribes again at once instead of at its next renewal.
/// </summary>
public interface IResubscribingWatcher : IGrainObserver
{
    /// <summary>The subscription is gone: subscribe again (which activates the grain anew) and catch up on what was missed.</summary>
    [Orleans.Concurrency.OneWay]
    Task OnSubscriptionEnded();
}
