namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>Starting the real host with flags or settings it must refuse: it exits with code 2 and never gets ready.</summary>
internal static class RefusedStart
{
    /// <summary>Starts the host over <paramref name="folder"/>, expects exit code 2, and returns all it printed.</summary>
    public static async Task<string> OutputAsync(string folder, string[] args, Dictionary<string, string>? environment = null)
    {
        await using var host = HostProcess.Launch(folder, FreePorts.Next(), FreePorts.Next(), args, environment: environment);
        Assert.Equal(2, await host.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        return host.Output;
    }

    /// <summary>
    /// Starts the host over a new folder named after <paramref name="purpose"/>, which must refuse: exit code 2, one
    /// <c>error:</c> line (returned, with the folder), no stack trace, never ready.
    /// </summary>
    public static async Task<(string ErrorLine, string Folder)> ErrorLineAsync(string purpose, string[] args, Dictionary<string, string>? environment = null)
    {
        var folder = TestPaths.NewFolder(purpose);
        var output = await OutputAsync(folder, args, environment);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ready:", output, StringComparison.Ordinal);
        var errors = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        return (Assert.Single(errors), folder);
    }
}
