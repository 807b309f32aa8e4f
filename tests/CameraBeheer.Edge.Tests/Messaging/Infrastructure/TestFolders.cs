namespace CameraBeheer.Edge.Tests.Messaging.Infrastructure;

/// <summary>Folders for one test under the test root (<c>CAMERABEHEER_TEST_ROOT</c>, set by test.sh so leftovers can be found).</summary>
internal sealed class TestFolder : IDisposable
{
    public TestFolder(string purpose)
    {
        var root = Environment.GetEnvironmentVariable("CAMERABEHEER_TEST_ROOT") is { Length: > 0 } r ? r : System.IO.Path.Combine(System.IO.Path.GetTempPath(), "camerabeheer-tests");
        Path = System.IO.Path.Combine(root, $"edge-{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 13)]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string name)
    {
        var folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for test.sh's clean-up of the test root.
        }
    }
}
