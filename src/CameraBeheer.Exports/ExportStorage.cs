using CameraBeheer.Contracts.Evidence;
using CameraBeheer.Storage;
using CameraBeheer.Storage.Retention;

namespace CameraBeheer.Exports;

/// <summary>Reads and deletes finished packages under <c>exports/{request}/</c>: for the download and for retention.</summary>
public sealed class ExportStorage(IBlobStore store, TimeProvider time)
{
    /// <summary>The receipt kind of a deleted package.</summary>
    public const string ReceiptKind = "export";

    /// <summary>The package's blobs, in name order (empty when there is none).</summary>
    public async Task<IReadOnlyList<BlobInfo>> ListAsync(string requestId, CancellationToken ct)
    {
        var prefix = PrefixOf(requestId);
        var blobs = new List<BlobInfo>();
        await foreach (var blob in store.ListAsync(prefix, ct).ConfigureAwait(false))
        {
            if (blob.Name.IndexOf('/', prefix.Length) < 0) blobs.Add(blob);
        }
        return blobs;
    }

    /// <summary>One file of the package from byte <paramref name="offset"/> on (a resumed download); null when missing.</summary>
    /// <exception cref="ArgumentException"><paramref name="file"/> is not a plain file name.</exception>
    public Task<Stream?> OpenReadAsync(string requestId, string file, long offset, CancellationToken ct)
    {
        if (!Sha256Sums.IsPlainName(file) || file.StartsWith('.'))
            throw new ArgumentException($"'{file}' is not a file of an evidence package", nameof(file));
        return store.OpenReadAsync(PrefixOf(requestId) + file, offset, ct);
    }

    /// <summary>
    /// Deletes a package, writing a deletion receipt (<c>retention/{site}/…</c>, kind <c>export</c>, the given rule) before
    /// anything goes. Idempotent: a package already gone costs one listing and writes no receipt; one deleted half-way is
    /// finished and receipted again.
    /// </summary>
    /// <param name="rule">Why it goes, e.g. <c>export-expired-14-days</c> or <c>request-closed</c>.</param>
    public async Task<SweepResult> DeleteAsync(string site, string requestId, string rule, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(site);
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        var started = time.GetUtcNow();
        var blobs = await ListAsync(requestId, ct).ConfigureAwait(false);
        var calls = 1L;
        if (blobs.Count == 0)
            return new SweepResult(started, started, 0, 0, 0, 0, [], 0, calls);

        var bytes = blobs.Sum(b => b.Length);
        var receipt = new DeletionReceipt(
            started, rule, ReceiptKind, requestId, new DateTimeOffset(started.Year, started.Month, started.Day, started.Hour, 0, 0, TimeSpan.Zero),
            null, null, [.. blobs.Select(b => b.Name)], blobs.Count, bytes);
        var receiptFile = await new RetentionReceipts(store).WriteAsync(site, receipt, ct).ConfigureAwait(false);
        calls++;

        long deleted = 0, deletedBytes = 0;
        foreach (var blob in blobs)
        {
            calls++;
            if (await store.DeleteAsync(blob.Name, cancellationToken: ct).ConfigureAwait(false))
            {
                deleted++;
                deletedBytes += blob.Length;
            }
        }
        return new SweepResult(started, started, deleted, deletedBytes, 0, 0, [receiptFile], 1, calls);
    }

    internal static string PrefixOf(string requestId)
    {
        if (!Domain.Ids.IsValid(requestId))
            throw new ArgumentException($"'{requestId}' is not a request id (lower-case letters, digits and '-', at most 64)", nameof(requestId));
        return EvidencePackage.PrefixOf(requestId);
    }
}
