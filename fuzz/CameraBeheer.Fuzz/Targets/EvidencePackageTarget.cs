using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CameraBeheer.Contracts.Evidence;

namespace CameraBeheer.Fuzz;

/// <summary>
/// Fuzz target "evidence-package": what a recipient's verifier reads from a package folder. Input: the bytes of
/// manifest.json, then optionally a NUL byte and more SHA256SUMS text. The target writes a package folder whose
/// SHA256SUMS lists manifest.json and export-key.pem with their true hashes followed by that text, and signs it, so
/// the verifier gets past the signature to the parsing of SHA256SUMS and the manifest. The same bytes also go straight
/// to the two parsers. Documented refusals: <see cref="FormatException"/> from <see cref="Sha256Sums.Parse"/>,
/// <see cref="JsonException"/> from <see cref="EvidenceJson.Deserialize"/>; the verifier itself reports problems and
/// never throws for a bad package. (Its messages quote the package; the CLI escapes them where it prints them.)
/// </summary>
public static class EvidencePackageTarget
{
    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly byte[] PublicKeyPem = Encoding.ASCII.GetBytes(Key.ExportSubjectPublicKeyInfoPem() + "\n");

    public static void Run(ReadOnlySpan<byte> input)
    {
        var nul = input.IndexOf((byte)0);
        var manifest = (nul < 0 ? input : input[..nul]).ToArray();
        var extraSums = nul < 0 ? [] : input[(nul + 1)..].ToArray();

        ParseDirectly(input);
        VerifyFolder(manifest, extraSums);
    }

    private static void ParseDirectly(ReadOnlySpan<byte> input)
    {
        try
        {
            Sha256Sums.Parse(input);
        }
        catch (FormatException)
        {
        }

        try
        {
            EvidenceJson.Deserialize(input);
        }
        catch (JsonException)
        {
        }
    }

    private static void VerifyFolder(byte[] manifest, byte[] extraSums)
    {
        var folder = Directory.CreateTempSubdirectory("camerabeheer-fuzz-evidence-");
        try
        {
            File.WriteAllBytes(Path.Combine(folder.FullName, EvidencePackage.Manifest), manifest);
            File.WriteAllBytes(Path.Combine(folder.FullName, EvidencePackage.PublicKey), PublicKeyPem);
            byte[] sums =
            [
                .. Encoding.ASCII.GetBytes($"{Hex(PublicKeyPem)}  {EvidencePackage.PublicKey}\n{Hex(manifest)}  {EvidencePackage.Manifest}\n"),
                .. extraSums,
            ];
            File.WriteAllBytes(Path.Combine(folder.FullName, EvidencePackage.Sums), sums);
            File.WriteAllBytes(Path.Combine(folder.FullName, EvidencePackage.Signature),
                Key.SignData(sums, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

            var verification = EvidencePackageVerifier.Verify(folder.FullName, trustedPublicKeyPem: null);
            if (verification.Problems.Any(p => p.Kind == EvidenceProblemKind.SignatureBad))
                throw new FuzzFinding("a package signed with its own key failed the signature check");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
