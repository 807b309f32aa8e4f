namespace CameraBeheer.Storage;

/// <summary>
/// The one storage seam of the backend: a flat namespace of named blobs with ETags, on local disk or in an
/// Azure Blob container. Names use '/' as separator (e.g. <c>state/camera/domus-almere-poort/cam-01.json</c>).
/// </summary>
public interface IBlobStore
{
    /// <summary>Reads a whole blob with its ETag, or null when it does not exist.</summary>
    Task<BlobContent?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a whole blob atomically: readers see the old content or the new, never a mix.
    /// Throws <see cref="BlobConflictException"/> when <paramref name="condition"/> does not hold.
    /// </summary>
    /// <returns>The new ETag.</returns>
    Task<string> PutAsync(string name, ReadOnlyMemory<byte> content, BlobCondition condition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a whole blob from the local file <paramref name="localFile"/>, atomically and durably as
    /// <see cref="PutAsync"/> does, without its content ever being in memory at once (exported videos are gigabytes).
    /// Throws <see cref="BlobConflictException"/> when <paramref name="condition"/> does not hold.
    /// </summary>
    /// <remarks>The store may move the file into place instead of copying it (the local-disk store does: one rename
    /// instead of writing every byte again), so the file is the store's once the call is made: it may be gone
    /// afterwards, whether the call succeeded or not. A caller that needs the file again keeps a copy.</remarks>
    /// <returns>The new ETag.</returns>
    /// <exception cref="FileNotFoundException"><paramref name="localFile"/> does not exist.</exception>
    Task<string> PutFileAsync(string name, string localFile, BlobCondition condition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a blob for reading from byte <paramref name="offset"/> on, as a stream, so that large blobs (footage,
    /// exports) never have to fit in memory; null when the blob does not exist. An offset at or past the end gives an
    /// empty stream. The stream shows one version of the blob: a put that replaces it meanwhile either is not seen or
    /// makes the read fail, never a mix of old and new bytes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative.</exception>
    Task<Stream?> OpenReadAsync(string name, long offset, CancellationToken cancellationToken = default);

    /// <summary>Appends to a blob, creating it when missing; the bytes are durable when the task completes.</summary>
    /// <returns>The new ETag.</returns>
    Task<string> AppendAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Lists the blobs whose name starts with <paramref name="prefix"/>, in ordinal name order.</summary>
    IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the "folders" directly under <paramref name="prefix"/> (empty, or ending with '/'), each as a full prefix
    /// ending with '/', distinct and in ordinal order; blobs directly under <paramref name="prefix"/> are not returned,
    /// and a prefix with nothing under it lists nothing. A folder exists only while a blob exists beneath it.
    /// </summary>
    /// <remarks>Lets a sweep walk a dated layout (<c>footage/{site}/{camera}/{yyyy}/{MM}/{dd}/{HH}/</c>) level by level
    /// and skip what is too young, instead of listing every blob stored.</remarks>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is neither empty nor ends with '/', or could not
    /// start a valid blob name.</exception>
    IAsyncEnumerable<string> ListPrefixesAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a blob; with <paramref name="ifMatch"/> only when its ETag still matches (else <see cref="BlobConflictException"/>).
    /// </summary>
    /// <returns>False when there was nothing to delete.</returns>
    Task<bool> DeleteAsync(string name, string? ifMatch = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// A store that keeps each blob as a file on this machine, and says which: a reader of large blobs (the footage export)
/// can then hand the file to a tool that reads it where it lies (ffmpeg) instead of fetching a copy first.
/// </summary>
/// <remarks>Optional: stores that keep blobs elsewhere (Azure) do not implement it, and decorators pass it on only when
/// the store they wrap does. The file is only for reading: a write to it bypasses the store's locks and ETags. A blob
/// deleted or replaced meanwhile makes the path point at nothing or at the new version; an open handle keeps the version
/// it opened.</remarks>
public interface ILocalBlobFiles
{
    /// <summary>The full path of the file that holds blob <paramref name="name"/> (whether or not it exists now), or null
    /// when this store keeps no local files after all (a decorator over a store that does not).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid blob name.</exception>
    string? LocalPathOf(string name);
}

/// <summary>A blob's content and the ETag it had when read.</summary>
public sealed record BlobContent(ReadOnlyMemory<byte> Content, string ETag);

/// <summary>One entry of a listing.</summary>
public sealed record BlobInfo(string Name, long Length, string ETag, DateTimeOffset LastModified);

/// <summary>The precondition of a write: none, If-Match (ETag), or If-None-Match: * (must not exist yet).</summary>
public readonly record struct BlobCondition(string? IfMatch, bool IfNotExists)
{
    public static BlobCondition None => default;
    public static BlobCondition Matches(string etag) => new(etag, false);
    public static BlobCondition NotExists => new(null, true);
}

/// <summary>A conditional write or delete found the blob changed (or present) since it was read.</summary>
public sealed class BlobConflictException(string name, string message) : Exception(message)
{
    public string BlobName { get; } = name;

    /// <summary>The ETag the caller expected (null for If-None-Match: *).</summary>
    public string? ExpectedETag { get; init; }

    /// <summary>The ETag the blob had instead (null when it did not exist), when the store knows it.</summary>
    public string? ActualETag { get; init; }
}
