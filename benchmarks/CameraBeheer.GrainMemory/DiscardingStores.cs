using System.Runtime.CompilerServices;
using CameraBeheer.Storage;
using Orleans.Storage;

namespace CameraBeheer.GrainMemory;

/// <summary>
/// A blob store that keeps nothing: the event-log lines the grains append would otherwise sit in an in-memory store
/// and be counted as grain memory. Reads find nothing, as for a camera new in this hour.
/// </summary>
internal sealed class DiscardingBlobStore : IBlobStore
{
    public Task<BlobContent?> GetAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult<BlobContent?>(null);
    public Task<string> PutAsync(string name, ReadOnlyMemory<byte> content, BlobCondition condition, CancellationToken cancellationToken = default) => Task.FromResult("discarded");
    public Task<string> PutFileAsync(string name, string localFile, BlobCondition condition, CancellationToken cancellationToken = default) => Task.FromResult("discarded");
    public Task<Stream?> OpenReadAsync(string name, long offset, CancellationToken cancellationToken = default) => Task.FromResult<Stream?>(null);
    public Task<string> AppendAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => Task.FromResult("discarded");
    public Task<bool> DeleteAsync(string name, string? ifMatch = null, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }

    public async IAsyncEnumerable<string> ListPrefixesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }
}

/// <summary>Grain storage that keeps nothing, for the same reason: a checkpoint must not be counted as grain memory.</summary>
internal sealed class DiscardingGrainStorage : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.ETag = "discarded";
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
