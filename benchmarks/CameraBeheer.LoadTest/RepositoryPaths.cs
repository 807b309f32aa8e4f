namespace CameraBeheer.LoadTest;

/// <summary>The repository the load test was built in: the backend's build output and the site configuration.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SiteConfig => Path.Combine(Root, "config", "sites", "domus-almere-poort.json");

    public static string HostDll => Path.Combine(Root, "src", "CameraBeheer.Host", "bin", "Release", "net10.0", "CameraBeheer.Host.dll");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "CameraBeheer.sln"))) return dir.FullName;
        throw new LoadTestException($"no CameraBeheer.sln above {AppContext.BaseDirectory}: run the load test from the repository");
    }
}
