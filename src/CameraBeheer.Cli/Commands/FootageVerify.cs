using CameraBeheer.Contracts.Evidence;

namespace CameraBeheer.Cli.Commands;

/// <summary>
/// <c>footage verify DIR [--key FILE]</c>: checks an evidence package offline, without the server: every file against
/// SHA256SUMS, nothing added or missing, and the signature over SHA256SUMS. Exit 0 intact, 3 tampered.
/// </summary>
internal static class FootageVerify
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "The folder of a downloaded evidence package" };
        var key = new Option<string>("--key") { Description = "The public key you trust (from `footage public-key`); default: the package's export-key.pem, whose fingerprint is printed to compare", HelpName = "FILE" };
        var command = new Command("verify", "Check a downloaded evidence package offline; exit 0 intact, 3 tampered") { folder, key };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var directory = parse.GetValue(folder) ?? "";
            if (!Directory.Exists(directory))
            {
                error.WriteLine($"error: DIR: '{Display.Clean(directory)}' is not a folder");
                return ExitCodes.Usage;
            }
            string? trusted = null;
            if (parse.GetValue(key) is { } keyFile)
            {
                if (!File.Exists(keyFile))
                {
                    error.WriteLine($"error: --key: '{Display.Clean(keyFile)}' does not exist");
                    return ExitCodes.Usage;
                }
                trusted = File.ReadAllText(keyFile);
            }
            EvidenceVerification result;
            try
            {
                result = EvidencePackageVerifier.Verify(directory, trusted);
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"error: --key: {Display.Clean(e.Message)}");
                return ExitCodes.Usage;
            }
            if (result.Intact)
            {
                output.WriteLine($"intact: {result.FilesChecked} files match SHA256SUMS, signed by key {Display.Clean(result.KeyFingerprint)}");
                return ExitCodes.Ok;
            }
            foreach (var problem in result.Problems)
                output.WriteLine($"tampered: {Display.Clean(problem.ToString())}");
            return ExitCodes.EvidenceTampered;
        });
        return command;
    }
}
