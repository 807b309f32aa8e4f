namespace CameraBeheer.Grains;

[GenerateSerializer]
public sealed class FootageRequestIndexState
{
    [Id(0)] public Dictionary<string, FootageRequestSummary> Requests { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The site's list of police requests, kept up to date by each request after every saved change.</summary>
public sealed class FootageRequestIndexGrain(
    [PersistentState("footagerequests", StorageNames.Default)] IPersistentState<FootageRequestIndexState> state) : Grain, IFootageRequestIndexGrain
{
    public async Task RecordAsync(FootageRequestSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (state.State.Requests.TryGetValue(summary.Id, out var known) && known == summary) return;
        state.State.Requests[summary.Id] = summary;
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<FootageRequestSummary>> ListAsync() =>
        Task.FromResult(state.State.Requests.Values.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToImmutableArray());
}
