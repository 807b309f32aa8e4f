namespace CameraBeheer.Grains.Tests.Persistence;

/// <summary>
/// Runs the start-up stages a grain storage subscribes to, without a silo: the official Azure provider opens its
/// container in <see cref="ISiloLifecycle"/> and is otherwise used as the contract tests use any provider, directly.
/// </summary>
public sealed class ManualSiloLifecycle : ISiloLifecycle
{
    private readonly List<(int Stage, ILifecycleObserver Observer)> _observers = [];

    public int HighestCompletedStage { get; private set; } = int.MinValue;

    public int LowestStoppedStage { get; private set; } = int.MaxValue;

    public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
    {
        _observers.Add((stage, observer));
        return new Unsubscriber(() => _observers.RemoveAll(o => o.Observer == observer));
    }

    /// <summary>Starts every observer, stage by stage.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (stage, observer) in _observers.OrderBy(o => o.Stage).ToList())
        {
            await observer.OnStart(cancellationToken);
            HighestCompletedStage = stage;
        }
    }

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
