namespace CameraBeheer.Grains.Tests.Persistence;

/// <summary>A grain with persisted state, to drive the blob grain storage through a real silo.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    Task ClearAsync();
}

/// <summary>The counter's persisted state.</summary>
[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Count { get; set; }
}

/// <summary>Counts, and writes the count on every increment.</summary>
public sealed class CounterGrain([PersistentState("counter", StorageNames.Default)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain
{
    public async Task<int> IncrementAsync()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Count);

    public Task ClearAsync() => state.ClearStateAsync();
}
