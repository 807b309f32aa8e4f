namespace CameraBeheer.Web.Tests.Browser;

/// <summary>Where things are for the browser tests: the test kit's <see cref="TestPaths"/>, and the screenshots.</summary>
public static class RepoPaths
{
    public static string Root => TestPaths.RepoRoot;

    public static string HostDll => TestPaths.HostDll;

    public static string CliDll => TestPaths.CliDll;

    public static string SiteConfig => TestPaths.SiteConfig;

    public static string Screenshots => Path.Combine(Root, "docs", "screenshots");

    /// <summary>A new empty folder under the test root.</summary>
    public static string NewFolder(string purpose) => TestPaths.NewFolder(purpose);
}
