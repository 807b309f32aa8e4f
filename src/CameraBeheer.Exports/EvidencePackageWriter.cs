using CameraBeheer.Contracts.Evidence;
using CameraBeheer.Storage;

namespace CameraBeheer.Exports;

/// <summary>
/// Completes a package in a local folder (manifest, public key, SHA256SUMS, signature) and then copies it to
/// <c>exports/{request}/</c>, the signature last: a package in the store is only whole once its signature is there.
/// </summary>
internal sealed class EvidencePackageWriter(IBlobStore store, EvidenceSigner signer)
{
    /// <summary>Large files go to the store in appends of this size, never whole in memory.</summary>
    internal const int UploadChunkBytes = 8 << 20;

    /// <summary>Writes the manifest, the key, SHA256SUMS and its signature beside the videos already in <paramref name="folder"/>.</summary>
    /// <returns>Every file of the package with size and hash, the signature last.</returns>
    public async Task<List<EvidenceFile>> CompleteAsync(string folder, Func<IReadOnlyList<ManifestFile>, EvidenceManifest> manifestOf, CancellationToken ct)
    {
        var videos = Directory.EnumerateFiles(folder, "*.mp4")
            .Select(path => new ManifestFile(Path.GetFileName(path), new FileInfo(path).Length, Sha256Sums.HashFile(path)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

        var manifest = EvidenceJson.Serialize(manifestOf(videos));
        await File.WriteAllBytesAsync(Path.Combine(folder, EvidencePackage.Manifest), manifest, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, EvidencePackage.PublicKey), signer.PublicKeyPem, ct).ConfigureAwait(false);

        var listed = videos
            .Append(Described(folder, EvidencePackage.Manifest))
            .Append(Described(folder, EvidencePackage.PublicKey))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        var sums = Sha256Sums.Write(listed.Select(f => new Sha256SumsEntry(f.Name, f.Sha256)));
        await File.WriteAllBytesAsync(Path.Combine(folder, EvidencePackage.Sums), sums, ct).ConfigureAwait(false);
        await File.WriteAllBytesAsync(Path.Combine(folder, EvidencePackage.Signature), signer.Sign(sums), ct).ConfigureAwait(false);

        return [.. listed.Append(Described(folder, EvidencePackage.Sums)).Append(Described(folder, EvidencePackage.Signature))
            .Select(f => new EvidenceFile(f.Name, f.Bytes, f.Sha256))];
    }

    /// <summary>Copies the files to the store in the given order, then checks that every size arrived.</summary>
    public async Task UploadAsync(string folder, string requestId, IReadOnlyList<EvidenceFile> files, CancellationToken ct)
    {
        var prefix = EvidencePackage.PrefixOf(requestId);
        var buffer = new byte[UploadChunkBytes];
        foreach (var file in files)
        {
            var name = prefix + file.Name;
            var source = new FileStream(Path.Combine(folder, file.Name), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            await using (source.ConfigureAwait(false))
            {
                if (source.Length <= UploadChunkBytes)
                {
                    var read = await source.ReadAtLeastAsync(buffer, (int)source.Length, throwOnEndOfStream: true, ct).ConfigureAwait(false);
                    await store.PutAsync(name, buffer.AsMemory(0, read), BlobCondition.None, ct).ConfigureAwait(false);
                    continue;
                }

                int chunk;
                while ((chunk = await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false)) > 0)
                    await store.AppendAsync(name, buffer.AsMemory(0, chunk), ct).ConfigureAwait(false);
            }
        }

        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var blob in store.ListAsync(prefix, ct).ConfigureAwait(false)) stored[blob.Name[prefix.Length..]] = blob.Length;
        foreach (var file in files)
        {
            if (!stored.TryGetValue(file.Name, out var length) || length != file.Bytes)
                throw new ExportFailedException($"the package of {requestId} did not arrive whole in the store ({file.Name}: {file.Bytes} bytes written, {(stored.ContainsKey(file.Name) ? length + " stored" : "missing")}); retry the export");
        }
    }

    private static ManifestFile Described(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        return new ManifestFile(name, new FileInfo(path).Length, Sha256Sums.HashFile(path));
    }
}
