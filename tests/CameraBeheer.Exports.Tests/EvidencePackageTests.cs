namespace CameraBeheer.Exports.Tests;

/// <summary>The package as a recipient checks it: with the standard tools (openssl, sha256sum) and with
/// <see cref="EvidencePackageVerifier"/>, untouched and tampered with.</summary>
public sealed class EvidencePackageTests
{
    private static DateTimeOffset At(int hour, int minute, double second) => ExportScenario.At(hour, minute, second);

    [Fact]
    public async Task The_real_openssl_and_sha256sum_accept_an_untouched_package()
    {
        using var scenario = new ExportScenario();
        var folder = await ExportedPackageAsync(scenario);

        var (exitCode, output) = await StandardTools.OpensslRecipeAsync(folder);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Verified OK", output, StringComparison.Ordinal);
        Assert.Contains("cam-01.mp4: OK", output, StringComparison.Ordinal);
        Assert.Contains("manifest.json: OK", output, StringComparison.Ordinal);
        Assert.Equal(0, (await StandardTools.RunAsync(folder, EvidencePackage.CompleteFolderRecipe)).ExitCode);
    }

    [Fact]
    public async Task The_verifier_finds_an_untouched_package_intact_and_names_the_key_that_verified()
    {
        using var scenario = new ExportScenario();
        var folder = await ExportedPackageAsync(scenario);

        var withTrustedKey = EvidencePackageVerifier.Verify(folder, scenario.Signer.PublicKeyPem);
        var withPackageKey = EvidencePackageVerifier.Verify(folder, null);

        Assert.True(withTrustedKey.Intact, string.Join("; ", withTrustedKey.Problems));
        Assert.Equal(scenario.Signer.Fingerprint, withTrustedKey.KeyFingerprint);
        Assert.Equal(4, withTrustedKey.FilesChecked); // two videos, the manifest and the key
        Assert.True(withPackageKey.Intact);
        Assert.Equal(scenario.Signer.Fingerprint, ExportScenario.ManifestIn(folder).KeyFingerprint);
    }

    [Theory]
    [InlineData("cam-01.mp4", EvidenceProblemKind.HashDiffers)]
    [InlineData("manifest.json", EvidenceProblemKind.HashDiffers)]
    [InlineData("export-key.pem", EvidenceProblemKind.HashDiffers)]
    public async Task A_flipped_byte_in_a_listed_file_is_named_and_rejected_by_sha256sum(string file, EvidenceProblemKind kind)
    {
        using var scenario = new ExportScenario();
        var folder = await ExportedPackageAsync(scenario);
        FlipByte(Path.Combine(folder, file), file.EndsWith(".pem", StringComparison.Ordinal) ? 40 : null);

        var verification = EvidencePackageVerifier.Verify(folder, scenario.Signer.PublicKeyPem);

        Assert.False(verification.Intact);
        Assert.Contains(verification.Problems, p => p.File == file && p.Kind == kind);
        var (exitCode, output) = await StandardTools.OpensslRecipeAsync(folder);
        Assert.NotEqual(0, exitCode);
        // A damaged key already stops openssl, so sha256sum is not reached; any other file sha256sum names.
        if (file != EvidencePackage.PublicKey) Assert.Contains($"{file}: FAILED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flipped_byte_in_sha256sums_breaks_the_signature_and_is_named()
    {
        using var scenario = new ExportScenario();
        var folder = await ExportedPackageAsync(scenario);
        var sums = Path.Combine(folder, EvidencePackage.Sums);
        var text = await File.ReadAllTextAsync(sums, ExportScenario.Ct);
        // A different but well-formed hash, as a forger would write: still hex, so only the signature can tell.
        await File.WriteAllTextAsync(sums, (text[0] == 'a' ? "b" : "a") + text[1..], ExportScenario.Ct);

        var verification = EvidencePackageVerifier.Verify(folder, scenario.Signer.PublicKeyPem);

        Assert.False(verification.Intact);
        Assert.Contains(verification.Problems, p => p.File == EvidencePackage.Signature && p.Kind == EvidenceProblemKind.SignatureBad);
        var (exitCode, output) = await StandardTools.OpensslRecipeAsync(folder);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Verification failure", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flipped_byte_in_the_signature_is_named_and_rejected_by_openssl()
    {
        using var scenario = new ExportScenario();
        var folder = await ExportedPackageAsync(scenario);
        var signature = Path.Combine(folder, EvidencePackage.Signature);
        // The last byte lies inside the signature's S value, so the DER stays well-formed and only the maths fails.
        FlipByte(signature, (int)new FileInfo(signature).Length - 1);

        var verification = EvidencePackageVerifier.Verify(folder, scenario.Signer.PublicKeyPem);

        Assert.False(verification.Intact);
        var problem = Assert.Single(verification.Problems);
        Assert.Equal((EvidencePackage.Signature, EvidenceProblemKind.SignatureBad), (problem.File, problem.Kind));
        Assert.NotEqual(0, (await StandardTools.OpensslRecipeAsync(folder)).ExitCode);
    }

    [Fact]
    public async Task A_removed_file_is_named_and_rejected_by_sha256sum()
    {
        using var scenario = new ExportScenario();
        var folder = await ExportedPackageAsync(scenario);
        File.Delete(Path.Combine(folder, "cam-02.mp4"));

        var verification = EvidencePackageVerifier.Verify(folder, scenario.Signer.PublicKeyPem);

        Assert.False(verification.Intact);
        Assert.Contains(verification.Problems, p => p.File == "cam-02.mp4" && p.Kind == EvidenceProblemKind.Missing);
        Assert.NotEqual(0, (await StandardTools.OpensslRecipeAsync(folder)).ExitCode);
    }

    [Fact]
    public async Task An_added_file_is_named_and_rejected_by_the_complete_folder_recipe_though_sha256sum_alone_passes_it()
    {
        using var scenario = new ExportScenario();
        var folder = await ExportedPackageAsync(scenario);
        await File.WriteAllBytesAsync(Path.Combine(folder, "cam-03.mp4"), await TestFootage.SegmentAsync(), ExportScenario.Ct);

        var verification = EvidencePackageVerifier.Verify(folder, scenario.Signer.PublicKeyPem);

        Assert.False(verification.Intact);
        var problem = Assert.Single(verification.Problems);
        Assert.Equal(("cam-03.mp4", EvidenceProblemKind.NotListed), (problem.File, problem.Kind));
        // sha256sum -c checks only what SHA256SUMS lists; the extra line of the complete-folder recipe catches the addition.
        Assert.Equal(0, (await StandardTools.OpensslRecipeAsync(folder)).ExitCode);
        Assert.NotEqual(0, (await StandardTools.RunAsync(folder, EvidencePackage.CompleteFolderRecipe)).ExitCode);
    }

    [Fact]
    public async Task A_package_re_signed_with_another_key_is_named_when_checked_against_the_trusted_key()
    {
        using var scenario = new ExportScenario();
        using var forger = new ExportScenario();
        var folder = await ExportedPackageAsync(scenario);
        // A forger edits a video, recomputes SHA256SUMS and signs with a key of their own, shipping its public half.
        FlipByte(Path.Combine(folder, "cam-01.mp4"));
        var entries = Sha256Sums.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, EvidencePackage.Sums), ExportScenario.Ct))
            .Select(e => e.Name switch
            {
                "cam-01.mp4" => e with { Sha256 = Sha256Sums.HashFile(Path.Combine(folder, e.Name)) },
                EvidencePackage.PublicKey => e with { Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(forger.Signer.PublicKeyPem))) },
                _ => e,
            });
        var sums = Sha256Sums.Write(entries);
        await File.WriteAllBytesAsync(Path.Combine(folder, EvidencePackage.Sums), sums, ExportScenario.Ct);
        await File.WriteAllBytesAsync(Path.Combine(folder, EvidencePackage.Signature), forger.Signer.Sign(sums), ExportScenario.Ct);
        await File.WriteAllTextAsync(Path.Combine(folder, EvidencePackage.PublicKey), forger.Signer.PublicKeyPem, ExportScenario.Ct);

        var verification = EvidencePackageVerifier.Verify(folder, scenario.Signer.PublicKeyPem);

        Assert.False(verification.Intact);
        Assert.Contains(verification.Problems, p => p.File == EvidencePackage.PublicKey && p.Kind == EvidenceProblemKind.KeyUntrusted);
        Assert.Contains(verification.Problems, p => p.File == EvidencePackage.Signature && p.Kind == EvidenceProblemKind.SignatureBad);
        Assert.Equal(scenario.Signer.Fingerprint, verification.KeyFingerprint);
    }

    [Fact]
    public async Task A_malformed_sha256sums_is_named_as_such()
    {
        using var scenario = new ExportScenario();
        var folder = await ExportedPackageAsync(scenario);
        await File.AppendAllTextAsync(Path.Combine(folder, EvidencePackage.Sums), "not a line of sha256sum\n", ExportScenario.Ct);

        var verification = EvidencePackageVerifier.Verify(folder, scenario.Signer.PublicKeyPem);

        Assert.Contains(verification.Problems, p => p.File == EvidencePackage.Sums && p.Kind == EvidenceProblemKind.SumsMalformed && p.Message.Contains("line 5", StringComparison.Ordinal));
        Assert.Contains(verification.Problems, p => p.Kind == EvidenceProblemKind.SignatureBad);
    }

    /// <summary>Two cameras, 20 s each, exported and downloaded.</summary>
    private static async Task<string> ExportedPackageAsync(ExportScenario scenario)
    {
        await scenario.SeedRunAsync("cam-01", At(10, 0, 0), 2);
        await scenario.SeedRunAsync("cam-02", At(10, 0, 0), 2);
        await scenario.ExportAsync(scenario.Job(At(10, 0, 2), At(10, 0, 18), "cam-01", "cam-02"));
        return await scenario.DownloadAsync("fr-2026-0001");
    }

    private static void FlipByte(string path, int? at = null)
    {
        var bytes = File.ReadAllBytes(path);
        var index = at ?? bytes.Length / 2;
        bytes[index] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }
}
