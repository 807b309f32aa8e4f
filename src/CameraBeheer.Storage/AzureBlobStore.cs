using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace CameraBeheer.Storage;

/// <summary>An <see cref="IBlobStore"/> over one Azure Blob container (or Azurite): one blob per name, '/' kept in the
/// name as Azure's virtual folders.</summary>
/// <remarks>
/// <para><b>Blob types.</b> Put always writes a block blob (one Put Blob, which replaces a blob of any type
/// atomically); Append always targets an append blob, created on first append. Appending to a blob that Put wrote
/// (a block blob) cannot use Append Block, so it reads the blob and writes it back with the new bytes at the end,
/// under If-Match, retrying when another writer got there first: correct and atomic, but it costs a read and a whole
/// rewrite per append, and the blob stays a block blob. Nothing in the storage layout appends to a blob that is also
/// Put, so this path is for completeness, not for the hot path.</para>
/// <para><b>ETags</b> are the service's, in header form with quotes (<c>"0x8DC…"</c>); Get, List, Put and Append report
/// the same form, and it goes back into If-Match unchanged. Every write changes the ETag, except an empty append,
/// which creates a missing blob and otherwise leaves the blob (and its ETag) as it is.</para>
/// <para><b>Appends</b> up to <see cref="AzureBlobStoreOptions.AppendBlockLimit"/> bytes are one Append Block: atomic,
/// never interleaved with another writer's bytes, and durable when the call returns. A larger append takes several
/// blocks and is not atomic: each block after the first must land where the previous one ended (an append-position
/// condition), so another writer's append slipping in between is detected and reported as an <see cref="IOException"/>,
/// but the bytes already written stay, as they do when the process dies between blocks. Either way the blob holds a
/// torn record: after a crash it is the last line, which the event log skips (and its next batch starts on a new line);
/// after an interleaving the fragment runs into the other writer's next line, spoiling that line too. So appends over
/// 4 MiB are for blobs with one writer; the layout's logs append batches far smaller. Like every Azure append, an
/// Append Block that the SDK retries after a lost response may land twice; the event log reads each event id once.</para>
/// <para><b>Listing</b> is the service's flat listing, streamed page by page in the service's lexicographic order
/// (upper case before lower case). For ASCII names that is ordinal order, and every name the layout produces is ASCII
/// (ids, times, percent-encoded grain keys); the contract tests check it with the punctuation the names use. Names with
/// characters outside ASCII may list in another order than .NET's ordinal comparison.</para>
/// <para>The container is created on first write or listing when it does not exist.</para>
/// </remarks>
public sealed class AzureBlobStore : IBlobStore
{
    /// <summary>Bound on the retry loops of an append (blob deleted or rewritten under it); far above what contention
    /// needs, there only so that an unexpected service answer cannot spin forever.</summary>
    private const int MaxAttempts = 100;

    private readonly BlobContainerClient _container;
    private readonly int _maxAppendBlock;
    private volatile bool _containerReady;

    public AzureBlobStore(AzureBlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _container = ContainerClientOf(options);
        _maxAppendBlock = options.MaxAppendBlockBytes;
    }

    /// <summary>Uses a container client made elsewhere (e.g. with a managed identity instead of a connection string).</summary>
    public AzureBlobStore(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
        _maxAppendBlock = AzureBlobStoreOptions.AppendBlockLimit;
    }

    /// <summary>The name of the container that holds the blobs.</summary>
    public string ContainerName => _container.Name;

    internal BlobContainerClient Container => _container;

    public async Task<BlobContent?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = BlobOf(name);
        try
        {
            // One GET: content and ETag belong to the same version, even while appends go on.
            var result = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            return new BlobContent(result.Content.ToMemory(), Text(result.Details.ETag));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // no blob, or no container yet
        }
    }

    /// <remarks>The SDK's lazy stream: ranged GETs pinned to the ETag seen when opened, so a blob replaced meanwhile makes
    /// the read fail (412) rather than mix two versions.</remarks>
    public async Task<Stream?> OpenReadAsync(string name, long offset, CancellationToken cancellationToken = default)
    {
        var blob = BlobOf(name);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (offset >= properties.ContentLength)
            {
                return new MemoryStream([], writable: false); // a ranged GET past the end would be refused (416)
            }

            var options = new BlobOpenReadOptions(allowModifications: false)
            {
                Position = offset,
                Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
            };
            return await blob.OpenReadAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // no blob, or no container yet
        }
    }

    public async Task<string> PutAsync(string name, ReadOnlyMemory<byte> content, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        var blob = BlobOf(name);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var conditions = new BlobRequestConditions
        {
            IfMatch = condition.IfMatch is { } expected ? new ETag(expected) : null,
            IfNoneMatch = condition.IfNotExists ? ETag.All : null,
        };
        try
        {
            var response = await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions { Conditions = conditions }, cancellationToken)
                .ConfigureAwait(false);
            return Text(response.Value.ETag);
        }
        catch (RequestFailedException e) when (IsConditionFailure(e, condition.IfMatch is not null))
        {
            throw await ConflictAsync(blob, name, condition, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <remarks>Uploads from the file as a stream: the SDK sends it in blocks and commits them at once, so readers see
    /// the old blob or the new one. The file is left as it was.</remarks>
    public async Task<string> PutFileAsync(string name, string localFile, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        var blob = BlobOf(name);
        var source = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (source.ConfigureAwait(false))
        {
            await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
            var conditions = new BlobRequestConditions
            {
                IfMatch = condition.IfMatch is { } expected ? new ETag(expected) : null,
                IfNoneMatch = condition.IfNotExists ? ETag.All : null,
            };
            try
            {
                var response = await blob.UploadAsync(source, new BlobUploadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);
                return Text(response.Value.ETag);
            }
            catch (RequestFailedException e) when (IsConditionFailure(e, condition.IfMatch is not null))
            {
                throw await ConflictAsync(blob, name, condition, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<string> AppendAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var blob = AppendBlobOf(name);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        if (content.IsEmpty)
        {
            // Append Block refuses zero bytes; what is left of the operation is "make sure it exists".
            return await EnsureExistsAsync(blob, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var first = content[..Math.Min(content.Length, _maxAppendBlock)];
            if (await AppendBlockCreatingAsync(blob, first, cancellationToken).ConfigureAwait(false) is { } appended)
            {
                return first.Length == content.Length
                    ? Text(appended.ETag)
                    : await AppendRemainingBlocksAsync(blob, name, content, first.Length, appended).ConfigureAwait(false);
            }

            // A block blob (written by Put): append by rewriting; null means it changed meanwhile, so start over.
            if (await TryRewriteWithAppendedAsync(_container.GetBlobClient(name), content, cancellationToken).ConfigureAwait(false) is { } etag)
            {
                return etag;
            }
        }

        throw GaveUp(name);
    }

    public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobNames.ValidatePrefix(prefix);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var options = new GetBlobsOptions { Prefix = prefix.Length == 0 ? null : prefix };
        await foreach (var item in _container.GetBlobsAsync(options, cancellationToken).ConfigureAwait(false))
        {
            var properties = item.Properties;
            yield return new BlobInfo(
                item.Name,
                properties.ContentLength ?? 0,
                Text(properties.ETag.GetValueOrDefault()),
                properties.LastModified.GetValueOrDefault());
        }
    }

    /// <remarks>The service's hierarchical listing with '/' as delimiter: one request per page of folders, however many
    /// blobs lie beneath them. Prefixes come in the service's order, which is ordinal for ASCII names (see Listing).</remarks>
    public async IAsyncEnumerable<string> ListPrefixesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateFolderPrefix(prefix);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var options = new GetBlobsByHierarchyOptions { Delimiter = "/", Prefix = prefix.Length == 0 ? null : prefix };
        await foreach (var item in _container.GetBlobsByHierarchyAsync(options, cancellationToken).ConfigureAwait(false))
        {
            if (item.IsPrefix)
            {
                yield return item.Prefix;
            }
        }
    }

    /// <remarks>Deleting a blob that does not exist returns false, also with <paramref name="ifMatch"/>, as
    /// <see cref="LocalDiskBlobStore"/> does.</remarks>
    public async Task<bool> DeleteAsync(string name, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        var blob = BlobOf(name);
        var conditions = ifMatch is null ? null : new BlobRequestConditions { IfMatch = new ETag(ifMatch) };
        try
        {
            await blob.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
        catch (RequestFailedException e) when (ifMatch is not null && e.Status == 412)
        {
            // Azurite answers 412 rather than 404 for If-Match on a missing blob: look, so both stores give the same answer.
            var actual = await CurrentETagAsync(blob, cancellationToken).ConfigureAwait(false);
            return actual is null ? false : throw Conflict(name, BlobCondition.Matches(ifMatch), actual);
        }
    }

    private static BlobContainerClient ContainerClientOf(AzureBlobStoreOptions options)
    {
        try
        {
            return new BlobContainerClient(options.ConnectionString, options.Container);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's messages name the missing or malformed part, never the key itself.
            throw new ArgumentException($"the Azure Storage connection string is not valid: {e.Message}", e);
        }
    }

    private BlobClient BlobOf(string name)
    {
        BlobNames.Validate(name);
        return _container.GetBlobClient(name);
    }

    private AppendBlobClient AppendBlobOf(string name)
    {
        BlobNames.Validate(name);
        return _container.GetAppendBlobClient(name);
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerReady)
        {
            return;
        }

        // Concurrent first calls may each ask; Create-if-not-exists makes that harmless. A failure is not remembered.
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        _containerReady = true;
    }

    /// <summary>Appends one block, creating the append blob when missing. Null when the blob is not an append blob.</summary>
    private static async Task<BlobAppendInfo?> AppendBlockCreatingAsync(AppendBlobClient blob, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Append first, create on 404: one request for every append but the first of a blob.
                using var stream = new BinaryData(block).ToStream();
                return (await blob.AppendBlockAsync(stream, new AppendBlobAppendBlockOptions(), cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException e) when (Is(e, BlobErrorCode.BlobNotFound) && attempt < MaxAttempts)
            {
                await blob.CreateIfNotExistsAsync(new AppendBlobCreateOptions(), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (Is(e, BlobErrorCode.InvalidBlobType))
            {
                return null;
            }
        }
    }

    /// <summary>The blocks after the first of a large append, each conditioned on landing where the previous ended.
    /// Not cancellable: once the first block is in, stopping would only guarantee a torn record.</summary>
    private async Task<string> AppendRemainingBlocksAsync(AppendBlobClient blob, string name, ReadOnlyMemory<byte> content, int written, BlobAppendInfo first)
    {
        var position = long.Parse(first.BlobAppendOffset, NumberStyles.None, CultureInfo.InvariantCulture) + written;
        var etag = Text(first.ETag);
        while (written < content.Length)
        {
            var block = content.Slice(written, Math.Min(_maxAppendBlock, content.Length - written));
            var conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = position };
            try
            {
                using var stream = new BinaryData(block).ToStream();
                var appended = await blob.AppendBlockAsync(stream, new AppendBlobAppendBlockOptions { Conditions = conditions }, CancellationToken.None)
                    .ConfigureAwait(false);
                etag = Text(appended.Value.ETag);
            }
            catch (RequestFailedException e) when (Is(e, BlobErrorCode.AppendPositionConditionNotMet))
            {
                // Either another writer appended in between, or the SDK retried a block whose first attempt had landed.
                if (await BlockAtAsync(blob, position, block.Length).ConfigureAwait(false) is not { } landed || !landed.Bytes.Span.SequenceEqual(block.Span))
                {
                    throw new IOException(
                        $"appending {content.Length} bytes to blob '{name}' was interleaved with another writer's append after {written} bytes: "
                        + $"the blob now holds a torn record (appends over {_maxAppendBlock} bytes take several blocks and are not atomic)",
                        e);
                }

                etag = landed.ETag;
            }

            written += block.Length;
            position += block.Length;
        }

        return etag;
    }

    private static async Task<(ReadOnlyMemory<byte> Bytes, string ETag)?> BlockAtAsync(AppendBlobClient blob, long position, int length)
    {
        try
        {
            var options = new BlobDownloadOptions { Range = new HttpRange(position, length) };
            var result = (await blob.DownloadContentAsync(options, CancellationToken.None).ConfigureAwait(false)).Value;
            return (result.Content.ToMemory(), Text(result.Details.ETag));
        }
        catch (RequestFailedException e) when (e.Status is 404 or 416)
        {
            return null;
        }
    }

    /// <summary>Appends to a block blob by rewriting it under If-Match. Null when the blob changed, vanished or became an
    /// append blob meanwhile: the caller starts over.</summary>
    private static async Task<string?> TryRewriteWithAppendedAsync(BlobClient blob, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        BlobDownloadResult current;
        try
        {
            current = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }

        if (current.Details.BlobType == BlobType.Append)
        {
            return null;
        }

        var old = current.Content.ToMemory();
        var combined = new byte[old.Length + content.Length];
        old.CopyTo(combined);
        content.CopyTo(combined.AsMemory(old.Length));
        var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = current.Details.ETag } };
        try
        {
            var response = await blob.UploadAsync(new BinaryData(combined), options, cancellationToken).ConfigureAwait(false);
            return Text(response.Value.ETag);
        }
        catch (RequestFailedException e) when (IsConditionFailure(e, ifMatch: true))
        {
            return null;
        }
    }

    private static async Task<string> EnsureExistsAsync(AppendBlobClient blob, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await blob.CreateIfNotExistsAsync(new AppendBlobCreateOptions(), cancellationToken).ConfigureAwait(false) is { } created)
            {
                return Text(created.Value.ETag);
            }

            try
            {
                return Text((await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.ETag);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Deleted between the two calls: create it after all.
            }
        }

        throw GaveUp(blob.Name);
    }

    /// <summary>The exception for a failed precondition, with the blob's ETag now (one extra request, only on conflict)
    /// so that the message and <see cref="BlobConflictException.ActualETag"/> say what the caller is up against.</summary>
    private static async Task<BlobConflictException> ConflictAsync(BlobBaseClient blob, string name, BlobCondition condition, CancellationToken cancellationToken) =>
        Conflict(name, condition, await CurrentETagAsync(blob, cancellationToken).ConfigureAwait(false));

    private static BlobConflictException Conflict(string name, BlobCondition condition, string? actual)
    {
        if (condition.IfNotExists && actual is not null)
        {
            return new BlobConflictException(name, $"blob '{name}' already exists (ETag {actual}); the write required that it did not")
            {
                ActualETag = actual,
            };
        }

        if (condition.IfMatch is { } expected)
        {
            var found = actual is null ? "does not exist" : $"has ETag {actual}";
            return new BlobConflictException(name, $"blob '{name}' {found}, not the expected ETag {expected}: it changed since it was read")
            {
                ExpectedETag = expected,
                ActualETag = actual,
            };
        }

        // If-None-Match failed, yet the blob is gone again: a concurrent delete.
        return new BlobConflictException(name, $"blob '{name}' existed when the write required that it did not (it has been deleted since)");
    }

    /// <summary>The blob's ETag now, or null when it does not exist.</summary>
    private static async Task<string?> CurrentETagAsync(BlobBaseClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return Text((await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>412 for a failed If-Match, 409 BlobAlreadyExists for a failed If-None-Match: *, and 404 BlobNotFound for
    /// If-Match on a blob that does not exist.</summary>
    private static bool IsConditionFailure(RequestFailedException e, bool ifMatch) =>
        e.Status == 412
        || (e.Status == 409 && Is(e, BlobErrorCode.BlobAlreadyExists))
        || (ifMatch && e.Status == 404 && Is(e, BlobErrorCode.BlobNotFound));

    private static bool Is(RequestFailedException e, BlobErrorCode code) =>
        string.Equals(e.ErrorCode, code.ToString(), StringComparison.Ordinal);

    /// <summary>Header form ("…" with quotes) whatever form the response carried, so Get, List and writes agree.</summary>
    private static string Text(ETag etag) => etag.ToString("H");

    private static IOException GaveUp(string name) =>
        new($"appending to blob '{name}' kept colliding with concurrent deletes or rewrites; gave up after {MaxAttempts} attempts");
}
