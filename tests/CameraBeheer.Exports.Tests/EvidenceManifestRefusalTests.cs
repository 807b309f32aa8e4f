using System.Security.Cryptography;
using System.Text.Json;

namespace CameraBeheer.Exports.Tests;

/// <summary>
/// A manifest in a recipient's folder is input. Found by fuzzing: null where the format has a value (a file entry, a
/// file's name) crashed the verifier with a NullReferenceException or ArgumentNullException. Now the manifest is refused
/// as unreadable, naming what is wrong, and the verifier goes on to report it like any other problem.
/// </summary>
public sealed class EvidenceManifestRefusalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("camerabeheer-manifest-").FullName;

    [Theory]
    [InlineData("""{"files":[null]}""")]
    [InlineData("""{"files":[{"name":null,"bytes":1,"sha256":"aa"}]}""")]
    [InlineData("""{"formatVersion":1,"requestId":null}""")]
    public void A_manifest_with_null_where_the_format_has_a_value_is_reported_unreadable_not_a_crash(string manifest)
    {
        WriteSignedPackage(manifest);

        var result = EvidencePackageVerifier.Verify(_folder, trustedPublicKeyPem: null);

        Assert.False(result.Intact);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((EvidencePackage.Manifest, EvidenceProblemKind.ManifestInconsistent), (problem.File, problem.Kind));
        Assert.StartsWith("cannot be read:", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_entry_in_a_list_of_the_manifest_is_refused_with_its_place_named()
    {
        var complete = ValidManifestJson().Replace("\"files\": [", "\"files\": [null, ", StringComparison.Ordinal);

        var error = Assert.Throws<JsonException>(() => EvidenceJson.Deserialize(Encoding.UTF8.GetBytes(complete)));

        Assert.Contains("files[0] is null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_without_a_field_is_refused_with_the_field_named()
    {
        var withoutCase = ValidManifestJson().Replace("\"caseNumber\": \"PL0900-2026-1\",", "", StringComparison.Ordinal);

        var error = Assert.Throws<JsonException>(() => EvidenceJson.Deserialize(Encoding.UTF8.GetBytes(withoutCase)));

        Assert.Contains("caseNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_manifest_still_reads_back()
    {
        var json = ValidManifestJson();

        Assert.Equal(json, Encoding.UTF8.GetString(EvidenceJson.Serialize(EvidenceJson.Deserialize(Encoding.UTF8.GetBytes(json)))));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string ValidManifestJson()
    {
        var t = new DateTimeOffset(2026, 11, 20, 10, 0, 2, 123, TimeSpan.Zero);
        var manifest = new EvidenceManifest(
            1, "fr-1", "domus-almere-poort", "PL0900-2026-1", "126nf", null,
            new ManifestAction("Agent de Vries", t), new ManifestAction("Manager Bakker", t.AddHours(1)), "reden",
            ["cam-01"], new ManifestWindow(t, t.AddMinutes(1)), null, EvidencePackage.KeyframeCutPrecision, [],
            [new ManifestFile("cam-01.mp4", 10, new string('a', 64))],
            [new ManifestCamera("cam-01", "cam-01.mp4", t, t.AddMinutes(1), [new ManifestSegment("footage/x.mp4", t, t.AddSeconds(10), 5, new string('b', 64), null, null)])],
            t.AddDays(1), "SHA256:" + new string('c', 64));
        return Encoding.UTF8.GetString(EvidenceJson.Serialize(manifest));
    }

    /// <summary>A package whose SHA256SUMS lists the manifest and the key with their true hashes, signed by that key:
    /// only the manifest's content can be wrong.</summary>
    private void WriteSignedPackage(string manifest)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem() + "\n");
        var manifestBytes = Encoding.UTF8.GetBytes(manifest);
        File.WriteAllBytes(Path.Combine(_folder, EvidencePackage.PublicKey), pem);
        File.WriteAllBytes(Path.Combine(_folder, EvidencePackage.Manifest), manifestBytes);
        var sums = Sha256Sums.Write([new(EvidencePackage.PublicKey, Hex(pem)), new(EvidencePackage.Manifest, Hex(manifestBytes))]);
        File.WriteAllBytes(Path.Combine(_folder, EvidencePackage.Sums), sums);
        File.WriteAllBytes(Path.Combine(_folder, EvidencePackage.Signature), key.SignData(sums, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
