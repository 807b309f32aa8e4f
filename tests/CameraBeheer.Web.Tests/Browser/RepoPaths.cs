namespace CameraBeheer.Web.Tests.Browser;

/// <summary>Where things are: the repository, the built host and CLI, the screenshots, and the folder test processes keep their data in.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the host is taken from the same configuration the tests were built in.</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string HostDll => Path.Combine(Root, "src", "CameraBeheer.Host", "bin", Configuration, "net10.0", "CameraBeheer.Host.dll");

    public static string CliDll => Path.Combine(Root, "src", "CameraBeheer.Cli", "bin", Configuration, "net10.0", "camerabeheer.dll");

    public static string SiteConfig => Path.Combine(Root, "config", "sites", "domus-almere-poort.json");

    public static string Screenshots => Path.Combine(Root, "docs", "screenshots");

    /// <summary>A new empty folder under the test root (<c>CAMERABEHEER_TEST_ROOT</c>, set by test.sh so leftovers can be stopped).</summary>
    public static string NewFolder(string purpose)
    {
        var root = Environment.GetEnvironmentVariable("CAMERABEHEER_TEST_ROOT") is { Length: > 0 } r ? r : Path.Combine(Path.GetTempPath(), "camerabeheer-tests");
        var folder = Path.Combine(root, $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 13)]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CameraBeheer.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no CameraBeheer.sln above {AppContext.BaseDirectory}");
    }
}
