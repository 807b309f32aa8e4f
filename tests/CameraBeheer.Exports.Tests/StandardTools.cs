using System.Diagnostics;

namespace CameraBeheer.Exports.Tests;

/// <summary>Runs the recipient's check with the real binaries, in the package folder, as the README shows it.</summary>
internal static class StandardTools
{
    /// <summary>The exit code and output of <c>sh -c <paramref name="script"/></c> run in <paramref name="folder"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string folder, string script)
    {
        var info = new ProcessStartInfo("sh")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    public static Task<(int ExitCode, string Output)> OpensslRecipeAsync(string folder) =>
        RunAsync(folder, Contracts.Evidence.EvidencePackage.OpensslRecipe);
}
