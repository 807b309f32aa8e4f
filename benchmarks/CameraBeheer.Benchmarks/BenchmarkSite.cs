using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Benchmarks;

/// <summary>The real site configuration of the repository and a stopped clock, so every run decodes the same input the same way.</summary>
internal static class BenchmarkSite
{
    public const string Site = "domus-almere-poort";

    /// <summary>The backend's clock in the benchmarks; payload timestamps are a minute before it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public const string RecentTs = "2026-03-10T11:59:00.000Z";

    public static SiteConfiguration Load() =>
        SiteConfigurationLoader.LoadFile(Path.Combine(RepoRoot(), "config", "sites", "domus-almere-poort.json"));

    // BenchmarkDotNet runs each benchmark in a child process from a folder of its own under bin/, so the
    // repository is found by walking up from there (and, failing that, from the working directory).
    private static string RepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "CameraBeheer.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no CameraBeheer.sln above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}");
    }
}

/// <summary>A clock that always says the same time.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
