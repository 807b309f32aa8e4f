namespace CameraBeheer.Domain.Tests;

/// <summary>Finds files of the repository from the test binaries, by walking up to the directory holding CameraBeheer.sln.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string DomusSiteFile => Path.Combine(Root, "config", "sites", "domus-almere-poort.json");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CameraBeheer.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"no CameraBeheer.sln above {AppContext.BaseDirectory}");
    }
}
