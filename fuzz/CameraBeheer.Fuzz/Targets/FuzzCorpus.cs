namespace CameraBeheer.Fuzz;

/// <summary>The committed corpus of a target (<c>fuzz/corpus/{target}/</c>), for the tests that replay it on every run.</summary>
public static class FuzzCorpus
{
    public static IReadOnlyList<string> Files(string target)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "CameraBeheer.sln"))) continue;
            var corpus = Path.Combine(directory.FullName, "fuzz", "corpus", target);
            return Directory.Exists(corpus) ? [.. Directory.EnumerateFiles(corpus).Order(StringComparer.Ordinal)] : [];
        }
        throw new InvalidOperationException($"no CameraBeheer.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs every file through <paramref name="target"/>; returns one line per file that failed, naming the file and the exception.</summary>
    public static IReadOnlyList<string> Replay(IEnumerable<string> files, Action<ReadOnlySpan<byte>> target)
    {
        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                target(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                failures.Add($"{Path.GetFileName(file)}: {e.GetType().Name}: {e.Message}");
            }
        }
        return failures;
    }
}
