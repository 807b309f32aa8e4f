namespace CameraBeheer.Contracts.Evidence;

/// <summary>What is wrong with one file of a package.</summary>
public enum EvidenceProblemKind
{
    /// <summary>The file's SHA-256 differs from the one in SHA256SUMS.</summary>
    HashDiffers,

    /// <summary>SHA256SUMS lists the file, but it is not in the folder (or a required file of the package is missing).</summary>
    Missing,

    /// <summary>The file is in the folder but not listed in SHA256SUMS: added after signing.</summary>
    NotListed,

    /// <summary>SHA256SUMS.sig is not a valid signature over SHA256SUMS by the key that verified.</summary>
    SignatureBad,

    /// <summary>SHA256SUMS cannot be read as sha256sum's format.</summary>
    SumsMalformed,

    /// <summary>The package's public key is not the trusted key, or is not a usable key.</summary>
    KeyUntrusted,

    /// <summary>manifest.json cannot be read, or disagrees with SHA256SUMS about a file.</summary>
    ManifestInconsistent,
}

/// <summary>One problem found, naming the file it concerns.</summary>
public sealed record EvidenceProblem(string File, EvidenceProblemKind Kind, string Message)
{
    public override string ToString() => $"{File}: {Message}";
}

/// <summary>The outcome of checking a package folder.</summary>
/// <param name="Intact">True only when the signature verified, every listed file is present with its hash, nothing
/// unlisted was added, and the manifest agrees with SHA256SUMS.</param>
/// <param name="Problems">Every problem found, each naming its file; empty when intact.</param>
/// <param name="KeyFingerprint">The fingerprint of the key the signature was checked with (the trusted key when one was
/// given, else the package's own export-key.pem); null when there was no usable key.</param>
/// <param name="FilesChecked">How many files listed in SHA256SUMS were hashed.</param>
public sealed record EvidenceVerification(bool Intact, IReadOnlyList<EvidenceProblem> Problems, string? KeyFingerprint, int FilesChecked);
