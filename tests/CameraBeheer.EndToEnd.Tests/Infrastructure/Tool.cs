namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>Runs a standard tool (ffprobe, sha256sum, openssl) as a user would, in a folder.</summary>
public static class Tool
{
    public static async Task<(int ExitCode, string Out, string Err)> RunAsync(string program, string? workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
