namespace CameraBeheer.Grains.Tests;

/// <summary>A fresh folder for blobs, deleted on dispose; on tmpfs when there is one, since every state write flushes to disk.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        var parent = Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(parent, "camerabeheer-grains-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The file that holds <paramref name="blobName"/>.</summary>
    public string File(string blobName) => System.IO.Path.Combine(Path, blobName.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public void Dispose()
    {
        // A background sweep of the blob store may still be looking at the folder: retry briefly.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(Path))
                {
                    Directory.Delete(Path, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(50);
            }
        }
    }
}
