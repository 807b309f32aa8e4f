namespace CameraBeheer.Grains.Watching;

/// <summary>
/// A local object made reachable to grains as an observer, kept alive for as long as this registration is.
/// </summary>
/// <remarks>
/// Orleans holds a local observer object only through a weak reference: an observer that nothing else holds is
/// collected at the next garbage collection, after which the grain's calls to it are dropped with a warning ("has
/// been garbage collected") and a watch stream goes quiet while it looks open. The load test found it: under load
/// the collector runs every few seconds. So the watch holds its observer here, strongly, until it deletes the reference.
/// </remarks>
public sealed class ObserverRegistration<TObserver> : IDisposable where TObserver : class, IGrainObserver
{
    private readonly IGrainFactory _grains;
    private TObserver? _observer;

    public ObserverRegistration(IGrainFactory grains, TObserver observer)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(observer);
        _grains = grains;
        _observer = observer;
        Reference = grains.CreateObjectReference<TObserver>(observer);
    }

    /// <summary>What a grain subscribes and calls.</summary>
    public TObserver Reference { get; }

    public void Dispose()
    {
        if (_observer is null) return;
        _grains.DeleteObjectReference<TObserver>(Reference);
        _observer = null;
    }
}
