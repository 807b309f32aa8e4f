namespace CameraBeheer.Contracts.Evidence;

/// <summary>The fixed names of an evidence package (<c>exports/{request}/…</c> in the store, a folder after download).</summary>
public static class EvidencePackage
{
    public const string Manifest = "manifest.json";
    public const string PublicKey = "export-key.pem";
    public const string Sums = "SHA256SUMS";
    public const string Signature = "SHA256SUMS.sig";

    /// <summary>What the manifest says about where a cut falls: stream copy can only start on a key frame.</summary>
    public const string KeyframeCutPrecision = "keyframe";

    /// <summary>The blob prefix of a request's package: <c>exports/{request}/</c>.</summary>
    public static string PrefixOf(string requestId) => $"exports/{requestId}/";

    /// <summary>The video file of one camera.</summary>
    public static string VideoFileOf(string camera) => camera + ".mp4";

    /// <summary>The standard-tools check a recipient runs in the package folder.</summary>
    public const string OpensslRecipe =
        "openssl dgst -sha256 -verify export-key.pem -signature SHA256SUMS.sig SHA256SUMS && sha256sum -c SHA256SUMS";

    /// <summary>
    /// The recipe plus a check that the folder holds exactly the files SHA256SUMS lists (besides SHA256SUMS and its
    /// signature): <c>sha256sum -c</c> checks only what is listed, so a file added to the folder passes it unnoticed.
    /// </summary>
    public const string CompleteFolderRecipe = OpensslRecipe
        + " && [ \"$(ls -A | grep -vxF -e SHA256SUMS -e SHA256SUMS.sig | LC_ALL=C sort)\" = \"$(cut -c67- SHA256SUMS | LC_ALL=C sort)\" ]";
}
