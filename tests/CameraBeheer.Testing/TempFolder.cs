namespace CameraBeheer.Testing;

/// <summary>A fresh folder for one test or fixture, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <param name="purpose">Names the folder under the test root (<see cref="TestPaths.TestRoot"/>).</param>
    /// <param name="onTmpfs">
    /// Under /dev/shm when there is one, instead of the test root: for grain tests, where every state write flushes to
    /// disk and a disk would only add waiting.
    /// </param>
    public TempFolder(string purpose = "temp", bool onTmpfs = false)
    {
        Path = onTmpfs && Directory.Exists("/dev/shm")
            ? System.IO.Path.Combine("/dev/shm", "camerabeheer-tests", $"{purpose}-{Guid.NewGuid():N}")
            : System.IO.Path.Combine(TestPaths.TestRoot, $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The file that holds <paramref name="blobName"/> in a local-disk blob store over this folder.</summary>
    public string File(string blobName) => System.IO.Path.Combine(Path, blobName.Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>A folder inside this one, created.</summary>
    public string Sub(string name)
    {
        var folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public void Dispose()
    {
        // A background sweep of a blob store may still be looking at the folder: retry briefly; what is left under the
        // test root goes with test.sh's clean-up.
        for (var attempt = 1; attempt <= 5 && Directory.Exists(Path); attempt++)
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(50);
            }
        }
    }
}
