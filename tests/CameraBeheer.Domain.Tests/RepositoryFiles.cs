namespace CameraBeheer.Domain.Tests;

/// <summary>Files of the repository, found by the test kit's <see cref="TestPaths"/>.</summary>
internal static class RepositoryFiles
{
    public static string Root => TestPaths.RepoRoot;

    public static string DomusSiteFile => TestPaths.SiteConfig;
}
