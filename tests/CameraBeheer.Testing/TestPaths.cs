namespace CameraBeheer.Testing;

/// <summary>Where things are: the repository, the built host, edge and CLI, and the folder test processes keep their data in.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Release or Debug: the host is taken from the same configuration the tests were built in.</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string HostDll => Path.Combine(RepoRoot, "src", "CameraBeheer.Host", "bin", Configuration, "net10.0", "CameraBeheer.Host.dll");

    public static string EdgeDll => Path.Combine(RepoRoot, "edge", "CameraBeheer.Edge", "bin", Configuration, "net10.0", "CameraBeheer.Edge.dll");

    public static string CliDll => Path.Combine(RepoRoot, "src", "CameraBeheer.Cli", "bin", Configuration, "net10.0", "camerabeheer.dll");

    /// <summary>The bundled site (Domus Almere Poort).</summary>
    public static string SiteConfig => Path.Combine(RepoRoot, "config", "sites", "domus-almere-poort.json");

    /// <summary>
    /// <c>CAMERABEHEER_TEST_ROOT</c>, set by test.sh, which stops every process whose command line names it and removes it
    /// after the run; else a folder under the system temp folder.
    /// </summary>
    public static string TestRoot =>
        Environment.GetEnvironmentVariable("CAMERABEHEER_TEST_ROOT") is { Length: > 0 } root ? root : Path.Combine(Path.GetTempPath(), "camerabeheer-tests");

    /// <summary>A new empty folder under the test root, named after its purpose.</summary>
    public static string NewFolder(string purpose)
    {
        var folder = Path.Combine(TestRoot, $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 13)]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CameraBeheer.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no CameraBeheer.sln above {AppContext.BaseDirectory}");
    }
}
