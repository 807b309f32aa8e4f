using Orleans.Storage;

namespace CameraBeheer.Grains.Persistence;

/// <summary>
/// For a site that ran on Azure before the official provider: a grain whose state the official provider does not have
/// yet gets the state our <see cref="BlobGrainStorage"/> wrote (<c>state/{grain-type}/{key}.json</c> in the blob
/// store's container); its next write goes to the official layout. No migration step, and no state left behind.
/// </summary>
/// <remarks>
/// State read from the old blob comes with no ETag, so the first write is "create only" (If-None-Match: *) in the
/// official layout: two activations migrating at once still cannot both win. The old blob is left as it was (a copy
/// of the state at the move) until the state is cleared: then it goes first, so a cleared grain can never fall back to
/// it. Costs one extra read of the blob store for a grain the official provider has nothing for.
/// </remarks>
public sealed class LegacyStateFallbackGrainStorage(IGrainStorage official, IBlobStore legacyStore, IGrainStorageSerializer serializer)
    : CancellableGrainStorage
{
    public override async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await official.ReadStateAsync(stateName, grainId, grainState, cancellationToken).ConfigureAwait(false);
        if (grainState.RecordExists || grainState.ETag is not null)
        {
            return;
        }

        var old = await legacyStore.GetAsync(GrainStateBlobName.For(grainId, stateName), cancellationToken).ConfigureAwait(false);
        if (old is not null && serializer.Deserialize<T>(old.Content) is { } state)
        {
            grainState.State = state;
            grainState.RecordExists = true;
            grainState.ETag = null; // the official blob does not exist: the first write creates it
        }
    }

    public override Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        official.WriteStateAsync(stateName, grainId, grainState, cancellationToken);

    public override async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        // First: should the official clear fail, the state it keeps still wins over the old copy on the next read.
        await legacyStore.DeleteAsync(GrainStateBlobName.For(grainId, stateName), cancellationToken: cancellationToken).ConfigureAwait(false);
        await official.ClearStateAsync(stateName, grainId, grainState, cancellationToken).ConfigureAwait(false);
    }
}
