using System.Security.Cryptography;
using System.Text;
using CameraBeheer.Contracts.Evidence;
using CameraBeheer.Storage;

namespace CameraBeheer.Exports;

/// <summary>
/// Writes a package to <c>exports/{request}/</c>: the videos already in a local folder, then the manifest, the public
/// key, SHA256SUMS and, last, its signature: a package in the store is only whole once its signature is there.
/// </summary>
internal sealed class EvidencePackageWriter(IBlobStore store, EvidenceSigner signer)
{
    private const int HashBufferBytes = 1 << 20;

    /// <summary>Puts every video of <paramref name="folder"/> into the store, then the manifest, key, SHA256SUMS and signature.</summary>
    /// <returns>Every file of the package with size and hash, the signature last.</returns>
    /// <remarks>The videos are handed to the store as files (<see cref="IBlobStore.PutFileAsync"/>): on local disk they are
    /// moved into place, not written a second time, and afterwards they are gone from <paramref name="folder"/>.</remarks>
    public async Task<List<EvidenceFile>> WriteAsync(
        string folder, string requestId, Func<IReadOnlyList<ManifestFile>, EvidenceManifest> manifestOf, CancellationToken ct)
    {
        var prefix = EvidencePackage.PrefixOf(requestId);
        var videos = new List<ManifestFile>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.mp4").Order(StringComparer.Ordinal).ToList())
            videos.Add(await PutVideoAsync(path, prefix + Path.GetFileName(path), ct).ConfigureAwait(false));

        var manifest = EvidenceJson.Serialize(manifestOf(videos));
        var publicKey = Encoding.UTF8.GetBytes(signer.PublicKeyPem);
        var small = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [EvidencePackage.Manifest] = manifest,
            [EvidencePackage.PublicKey] = publicKey,
        };
        var listed = videos
            .Concat(small.Select(f => Described(f.Key, f.Value)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        var sums = Sha256Sums.Write(listed.Select(f => new Sha256SumsEntry(f.Name, f.Sha256)));
        small[EvidencePackage.Sums] = sums;
        small[EvidencePackage.Signature] = signer.Sign(sums);
        var files = listed.Append(Described(EvidencePackage.Sums, sums)).Append(Described(EvidencePackage.Signature, small[EvidencePackage.Signature]))
            .Select(f => new EvidenceFile(f.Name, f.Bytes, f.Sha256))
            .ToList();

        // In the order of the list, so the signature goes last.
        foreach (var file in files)
        {
            if (small.TryGetValue(file.Name, out var content))
                await store.PutAsync(prefix + file.Name, content, BlobCondition.None, ct).ConfigureAwait(false);
        }

        await CheckArrivedAsync(prefix, requestId, files, ct).ConfigureAwait(false);
        return files;
    }

    /// <summary>
    /// Hands one video to the store and hashes it at the same time: the hash reads the file from the page cache on one
    /// core while the store waits for the disk to take it, instead of one after the other.
    /// </summary>
    private async Task<ManifestFile> PutVideoAsync(string path, string blob, CancellationToken ct)
    {
        // Opened before the store takes the file: a handle keeps reading the same file when it is moved into the store
        // (Delete sharing lets the move happen on Windows too).
        var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);
        await using (reader.ConfigureAwait(false))
        {
            var length = reader.Length;
            var hashing = Task.Run(() => HashAsync(reader, ct), ct);
            var putting = store.PutFileAsync(blob, path, BlobCondition.None, ct);
            try
            {
                await putting.ConfigureAwait(false);
            }
            finally
            {
                // Never leave the hash reading a handle this method is about to close.
                await Task.WhenAny(hashing).ConfigureAwait(false);
            }

            var (sha256, read) = await hashing.ConfigureAwait(false);
            if (read != length)
                throw new ExportFailedException($"the video {Path.GetFileName(path)} changed while it was written to the store ({length} bytes, {read} read); retry the export");
            return new ManifestFile(Path.GetFileName(path), length, sha256);
        }
    }

    private static async Task<(string Sha256, long Bytes)> HashAsync(FileStream stream, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[HashBufferBytes];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total);
    }

    /// <summary>Checks that every file arrived in the store whole (by size).</summary>
    private async Task CheckArrivedAsync(string prefix, string requestId, List<EvidenceFile> files, CancellationToken ct)
    {
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var blob in store.ListAsync(prefix, ct).ConfigureAwait(false)) stored[blob.Name[prefix.Length..]] = blob.Length;
        foreach (var file in files)
        {
            if (!stored.TryGetValue(file.Name, out var length) || length != file.Bytes)
                throw new ExportFailedException($"the package of {requestId} did not arrive whole in the store ({file.Name}: {file.Bytes} bytes written, {(stored.ContainsKey(file.Name) ? length + " stored" : "missing")}); retry the export");
        }
    }

    private static ManifestFile Described(string name, byte[] content) =>
        new(name, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)));
}
