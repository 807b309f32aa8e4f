namespace CameraBeheer.Edge.Tests.Configuration;

/// <summary>
/// The edge agent uses the blob store for its uploads and must stay free of Orleans: the backend's grain storage lives
/// with the grains, not in CameraBeheer.Storage. Read from what NuGet restored for the edge project (its
/// obj/project.assets.json, written by the restore that precedes every build of these tests).
/// </summary>
public sealed class EdgePackagesTests
{
    [Fact]
    public void The_edge_agent_restores_no_orleans_package()
    {
        var assets = Path.Combine(RepositoryRoot(), "edge", "CameraBeheer.Edge", "obj", "project.assets.json");
        Assert.True(File.Exists(assets), $"{assets} is missing: build the edge project first");
        using var document = JsonDocument.Parse(File.ReadAllText(assets));

        // What was restored: "libraries", and per target framework "targets". (The file also echoes every central
        // package version of Directory.Packages.props, Orleans included, under "project": not restored, not looked at.)
        var libraries = document.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name).ToList();
        var targeted = document.RootElement.GetProperty("targets").EnumerateObject()
            .SelectMany(t => t.Value.EnumerateObject().Select(l => l.Name)).ToList();

        // A positive signal that this is the right file: the blob store's own package is there.
        Assert.Contains(libraries, l => l.StartsWith("Azure.Storage.Blobs/", StringComparison.Ordinal));
        Assert.Contains(targeted, l => l.StartsWith("Azure.Storage.Blobs/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.Contains("Orleans", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(targeted, l => l.Contains("Orleans", StringComparison.OrdinalIgnoreCase));
    }

    private static string RepositoryRoot() => TestPaths.RepoRoot;
}
