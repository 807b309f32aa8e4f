using System.Security.Cryptography;
using System.Text.Json;

namespace CameraBeheer.Contracts.Evidence;

/// <summary>
/// Checks a downloaded evidence package offline, the same way the openssl/sha256sum recipe does, and names every file
/// that fails: the signature over SHA256SUMS, each listed file's hash, files missing or added, and the manifest's
/// agreement with SHA256SUMS.
/// </summary>
public static class EvidencePackageVerifier
{
    /// <param name="directory">The package folder.</param>
    /// <param name="trustedPublicKeyPem">The key the recipient trusts (e.g. from <c>camerabeheer footage public-key</c>);
    /// when given, the signature is checked with it and the package's own export-key.pem must be the same key. Without
    /// it the package's export-key.pem is used, which proves integrity but not origin.</param>
    /// <exception cref="ArgumentException"><paramref name="trustedPublicKeyPem"/> is not an ECDSA P-256 public key PEM.</exception>
    public static EvidenceVerification Verify(string directory, string? trustedPublicKeyPem)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        using var trusted = trustedPublicKeyPem is null ? null : ImportTrusted(trustedPublicKeyPem);
        var problems = new List<EvidenceProblem>();
        if (!Directory.Exists(directory))
        {
            problems.Add(new(directory, EvidenceProblemKind.Missing, "the package folder does not exist"));
            return new EvidenceVerification(false, problems, null, 0);
        }

        using var packageKey = ReadPackageKey(directory, problems);
        var verifyingKey = trusted ?? packageKey;
        var fingerprint = verifyingKey is null ? null : EvidenceKeys.FingerprintOf(verifyingKey.ExportSubjectPublicKeyInfo());
        if (trusted is not null && packageKey is not null && EvidenceKeys.FingerprintOf(packageKey.ExportSubjectPublicKeyInfo()) != fingerprint)
        {
            problems.Add(new(EvidencePackage.PublicKey, EvidenceProblemKind.KeyUntrusted,
                $"is not the trusted key (package key {EvidenceKeys.FingerprintOf(packageKey.ExportSubjectPublicKeyInfo())}, trusted {fingerprint})"));
        }

        var sums = ReadOrNote(directory, EvidencePackage.Sums, problems);
        var signature = ReadOrNote(directory, EvidencePackage.Signature, problems);
        if (sums is not null && signature is not null && verifyingKey is not null && !EvidenceKeys.Verify(verifyingKey, sums, signature))
        {
            problems.Add(new(EvidencePackage.Signature, EvidenceProblemKind.SignatureBad,
                $"is not a valid signature over {EvidencePackage.Sums} by key {fingerprint}: {EvidencePackage.Sums} or its signature was changed, or another key signed it"));
        }

        var filesChecked = 0;
        var entries = ParseOrNote(sums, problems);
        if (entries is not null)
        {
            filesChecked = CheckListedFiles(directory, entries, problems);
            CheckManifest(directory, entries, fingerprint, problems);
        }

        return new EvidenceVerification(problems.Count == 0, problems, fingerprint, filesChecked);
    }

    private static ECDsa ImportTrusted(string pem)
    {
        try
        {
            return EvidenceKeys.ImportPublicKey(pem);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"the trusted public key is unusable: {e.Message}", nameof(pem));
        }
    }

    private static ECDsa? ReadPackageKey(string directory, List<EvidenceProblem> problems)
    {
        var path = Path.Combine(directory, EvidencePackage.PublicKey);
        if (!File.Exists(path))
        {
            problems.Add(new(EvidencePackage.PublicKey, EvidenceProblemKind.Missing, "is missing"));
            return null;
        }

        try
        {
            return EvidenceKeys.ImportPublicKey(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            problems.Add(new(EvidencePackage.PublicKey, EvidenceProblemKind.KeyUntrusted, $"is unusable: {e.Message}"));
            return null;
        }
    }

    private static byte[]? ReadOrNote(string directory, string name, List<EvidenceProblem> problems)
    {
        var path = Path.Combine(directory, name);
        if (File.Exists(path)) return File.ReadAllBytes(path);
        problems.Add(new(name, EvidenceProblemKind.Missing, "is missing"));
        return null;
    }

    private static IReadOnlyList<Sha256SumsEntry>? ParseOrNote(byte[]? sums, List<EvidenceProblem> problems)
    {
        if (sums is null) return null;
        try
        {
            return Sha256Sums.Parse(sums);
        }
        catch (FormatException e)
        {
            problems.Add(new(EvidencePackage.Sums, EvidenceProblemKind.SumsMalformed, e.Message));
            return null;
        }
    }

    /// <returns>How many listed files were hashed.</returns>
    private static int CheckListedFiles(string directory, IReadOnlyList<Sha256SumsEntry> entries, List<EvidenceProblem> problems)
    {
        var hashed = 0;
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            listed.Add(entry.Name);
            var path = Path.Combine(directory, entry.Name);
            if (!File.Exists(path))
            {
                problems.Add(new(entry.Name, EvidenceProblemKind.Missing, $"is listed in {EvidencePackage.Sums} but missing"));
                continue;
            }

            var actual = Sha256Sums.HashFile(path);
            hashed++;
            if (actual != entry.Sha256)
                problems.Add(new(entry.Name, EvidenceProblemKind.HashDiffers, $"SHA-256 is {actual}, {EvidencePackage.Sums} says {entry.Sha256}: the file was changed"));
        }

        foreach (var required in new[] { EvidencePackage.Manifest, EvidencePackage.PublicKey })
        {
            if (!listed.Contains(required) && File.Exists(Path.Combine(directory, required)))
                problems.Add(new(required, EvidenceProblemKind.NotListed, $"is not listed in {EvidencePackage.Sums}"));
            else if (!listed.Contains(required) && required != EvidencePackage.PublicKey)
                problems.Add(new(required, EvidenceProblemKind.Missing, "is missing"));
        }

        var signedOrSignature = new HashSet<string>(StringComparer.Ordinal) { EvidencePackage.Sums, EvidencePackage.Signature, EvidencePackage.Manifest, EvidencePackage.PublicKey };
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (listed.Contains(entry.Name) || signedOrSignature.Contains(entry.Name)) continue;
            problems.Add(new(entry.Name, EvidenceProblemKind.NotListed,
                $"is not listed in {EvidencePackage.Sums}: the {(entry is DirectoryInfo ? "folder" : "file")} was added after the package was signed"));
        }

        return hashed;
    }

    /// <summary>The manifest must describe exactly the videos SHA256SUMS lists, with the same hashes, and name the key
    /// that verified: otherwise a signed package could carry a manifest about other files.</summary>
    private static void CheckManifest(string directory, IReadOnlyList<Sha256SumsEntry> entries, string? fingerprint, List<EvidenceProblem> problems)
    {
        var path = Path.Combine(directory, EvidencePackage.Manifest);
        if (!File.Exists(path) || problems.Any(p => p.File == EvidencePackage.Manifest)) return;

        EvidenceManifest manifest;
        try
        {
            manifest = EvidenceJson.Deserialize(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            problems.Add(new(EvidencePackage.Manifest, EvidenceProblemKind.ManifestInconsistent, $"cannot be read: {e.Message}"));
            return;
        }

        var listed = entries.ToDictionary(e => e.Name, e => e.Sha256, StringComparer.Ordinal);
        foreach (var file in manifest.Files ?? [])
        {
            if (!listed.TryGetValue(file.Name, out var sha))
                problems.Add(new(file.Name, EvidenceProblemKind.ManifestInconsistent, $"is in {EvidencePackage.Manifest} but not in {EvidencePackage.Sums}"));
            else if (sha != file.Sha256)
                problems.Add(new(file.Name, EvidenceProblemKind.ManifestInconsistent, $"{EvidencePackage.Manifest} gives SHA-256 {file.Sha256}, {EvidencePackage.Sums} {sha}"));
        }

        var described = (manifest.Files ?? []).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var video in listed.Keys.Where(n => n.EndsWith(".mp4", StringComparison.Ordinal) && !described.Contains(n)))
            problems.Add(new(video, EvidenceProblemKind.ManifestInconsistent, $"is in {EvidencePackage.Sums} but not described in {EvidencePackage.Manifest}"));

        if (fingerprint is not null && manifest.KeyFingerprint != fingerprint)
            problems.Add(new(EvidencePackage.Manifest, EvidenceProblemKind.ManifestInconsistent, $"names signing key {manifest.KeyFingerprint}, but {fingerprint} verified the package"));
    }
}
