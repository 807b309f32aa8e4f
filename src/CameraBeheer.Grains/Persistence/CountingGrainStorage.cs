using Orleans.Storage;

namespace CameraBeheer.Grains.Persistence;

/// <summary>
/// Counts the storage requests of a grain storage that talks to the account itself (Orleans' Azure blob provider), into
/// the same <see cref="CountingBlobStore"/> figures the load test reads (<c>Site/IngestStatistics</c>), so "storage
/// writes per event" covers grain state on both modes.
/// </summary>
/// <remarks>
/// Not used over <see cref="BlobGrainStorage"/>: that one goes through the counting blob store already. One request per
/// call: a write or clear is one Put or Delete Blob; a read is one Get Blob (counted whether the blob exists or not).
/// Takes no part in the silo's lifecycle: the official provider is registered under its own name and starts itself.
/// </remarks>
public sealed class CountingGrainStorage(IGrainStorage inner, CountingBlobStore counters) : CancellableGrainStorage
{
    public override Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        counters.CountRequestMadeElsewhere(StorageRequest.Read);
        return inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);
    }

    public override Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        counters.CountRequestMadeElsewhere(StorageRequest.Write);
        return inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
    }

    public override Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        counters.CountRequestMadeElsewhere(StorageRequest.Delete);
        return inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);
    }
}
