using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace CameraBeheer.Grains.Persistence;

/// <summary>Orleans grain storage that keeps each grain state as one serialized blob in the <see cref="IBlobStore"/>,
/// guarded by the blob's ETag (layout: <see cref="GrainStateBlobName"/>).</summary>
/// <remarks>
/// Writes carry If-Match with the ETag the grain last read or wrote, or If-None-Match: * when it has none, so a second
/// activation or a stale copy cannot overwrite newer state unnoticed: it gets an <see cref="InconsistentStateException"/>.
/// </remarks>
public sealed class BlobGrainStorage(string name, IBlobStore store, IGrainStorageSerializer serializer, IActivatorProvider activators)
    : CancellableGrainStorage
{
    /// <summary>The provider name this instance is registered under.</summary>
    public string Name { get; } = name;

    public override async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var blob = await store.GetAsync(GrainStateBlobName.For(grainId, stateName), cancellationToken).ConfigureAwait(false);
        if (blob is null)
        {
            ResetToEmpty(grainState);
            return;
        }

        grainState.State = serializer.Deserialize<T>(blob.Content) ?? activators.GetActivator<T>().Create();
        grainState.ETag = blob.ETag;
        grainState.RecordExists = true;
    }

    public override async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var content = serializer.Serialize(grainState.State).ToMemory();
        var condition = grainState.ETag is { } etag ? BlobCondition.Matches(etag) : BlobCondition.NotExists;
        try
        {
            var blobName = GrainStateBlobName.For(grainId, stateName);
            grainState.ETag = await store.PutAsync(blobName, content, condition, cancellationToken).ConfigureAwait(false);
            grainState.RecordExists = true;
        }
        catch (BlobConflictException conflict)
        {
            throw Inconsistent("write", stateName, grainId, grainState.ETag, conflict);
        }
    }

    public override async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var blobName = GrainStateBlobName.For(grainId, stateName);
        try
        {
            if (grainState.ETag is { } etag)
            {
                // False means someone already deleted it: the outcome the grain asked for.
                await store.DeleteAsync(blobName, etag, cancellationToken).ConfigureAwait(false);
            }
            else if (await store.GetAsync(blobName, cancellationToken).ConfigureAwait(false) is { } unexpected)
            {
                // The grain believes there is no record, yet one exists: written by another activation.
                throw new BlobConflictException(blobName, $"blob '{blobName}' exists (ETag {unexpected.ETag}) but the grain had not read it")
                {
                    ActualETag = unexpected.ETag,
                };
            }
        }
        catch (BlobConflictException conflict)
        {
            throw Inconsistent("clear", stateName, grainId, grainState.ETag, conflict);
        }

        ResetToEmpty(grainState);
    }

    private void ResetToEmpty<T>(IGrainState<T> grainState)
    {
        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private InconsistentStateException Inconsistent(string action, string stateName, GrainId grainId, string? grainETag, BlobConflictException conflict) =>
        new(
            $"could not {action} state '{stateName}' of grain {grainId} in storage '{Name}': {conflict.Message}",
            conflict.ActualETag ?? "(none)",
            grainETag ?? "(none)",
            conflict);
}
