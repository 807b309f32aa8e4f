using System.Runtime.CompilerServices;

namespace CameraBeheer.Storage;

/// <summary>
/// Counts the requests made of a blob store (a storage request is what a cloud store bills and what batching saves),
/// so the load test can report storage writes per event and the retention sweep its calls.
/// </summary>
public sealed class CountingBlobStore(IBlobStore inner) : IBlobStore, ILocalBlobFiles
{
    private long _reads;
    private long _writes;
    private long _lists;
    private long _deletes;

    /// <summary>Puts (also of a file) and appends.</summary>
    public long WriteRequests => Interlocked.Read(ref _writes);
    public long ReadRequests => Interlocked.Read(ref _reads);
    /// <summary>Listings of blobs and of folders (<see cref="IBlobStore.ListPrefixesAsync"/>).</summary>
    public long ListRequests => Interlocked.Read(ref _lists);
    public long DeleteRequests => Interlocked.Read(ref _deletes);

    /// <summary>
    /// Counts a request made to the same storage account by another client, e.g. Orleans' Azure blob grain storage, which
    /// does not go through this store; so the figures cover every request, whoever made it.
    /// </summary>
    public void CountRequestMadeElsewhere(StorageRequest request)
    {
        switch (request)
        {
            case StorageRequest.Read: Interlocked.Increment(ref _reads); break;
            case StorageRequest.Write: Interlocked.Increment(ref _writes); break;
            case StorageRequest.List: Interlocked.Increment(ref _lists); break;
            case StorageRequest.Delete: Interlocked.Increment(ref _deletes); break;
            default: throw new ArgumentOutOfRangeException(nameof(request), request, "not a kind of storage request");
        }
    }

    public Task<BlobContent?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.GetAsync(name, cancellationToken);
    }

    public Task<Stream?> OpenReadAsync(string name, long offset, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.OpenReadAsync(name, offset, cancellationToken);
    }

    public Task<string> PutAsync(string name, ReadOnlyMemory<byte> content, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        return inner.PutAsync(name, content, condition, cancellationToken);
    }

    public Task<string> PutFileAsync(string name, string localFile, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        return inner.PutFileAsync(name, localFile, condition, cancellationToken);
    }

    /// <remarks>Not counted: it asks the store nothing.</remarks>
    public string? LocalPathOf(string name) => (inner as ILocalBlobFiles)?.LocalPathOf(name);

    public Task<string> AppendAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        return inner.AppendAsync(name, content, cancellationToken);
    }

    public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lists);
        await foreach (var blob in inner.ListAsync(prefix, cancellationToken))
            yield return blob;
    }

    /// <remarks>Counted as a list request: it is one (per page) to a cloud store.</remarks>
    public async IAsyncEnumerable<string> ListPrefixesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lists);
        await foreach (var folder in inner.ListPrefixesAsync(prefix, cancellationToken))
            yield return folder;
    }

    public Task<bool> DeleteAsync(string name, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _deletes);
        return inner.DeleteAsync(name, ifMatch, cancellationToken);
    }
}
