using CameraBeheer.Storage;

namespace CameraBeheer.Testing;

/// <summary>
/// An <see cref="IBlobStore"/> that hands every call to <paramref name="inner"/>: the base of the tests' stores that
/// change a few calls (fail them, record them, lose a blob) and must pass the rest on untouched.
/// </summary>
public abstract class ForwardingBlobStore(IBlobStore inner) : IBlobStore
{
    protected IBlobStore Inner => inner;

    public virtual Task<BlobContent?> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);

    public virtual Task<string> PutAsync(string name, ReadOnlyMemory<byte> content, BlobCondition condition, CancellationToken cancellationToken = default) =>
        inner.PutAsync(name, content, condition, cancellationToken);

    public virtual Task<string> PutFileAsync(string name, string localFile, BlobCondition condition, CancellationToken cancellationToken = default) =>
        inner.PutFileAsync(name, localFile, condition, cancellationToken);

    public virtual Task<Stream?> OpenReadAsync(string name, long offset, CancellationToken cancellationToken = default) =>
        inner.OpenReadAsync(name, offset, cancellationToken);

    public virtual Task<string> AppendAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(name, content, cancellationToken);

    public virtual IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public virtual IAsyncEnumerable<string> ListPrefixesAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.ListPrefixesAsync(prefix, cancellationToken);

    public virtual Task<bool> DeleteAsync(string name, string? ifMatch = null, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(name, ifMatch, cancellationToken);
}
