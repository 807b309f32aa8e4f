namespace CameraBeheer.Storage;

/// <summary>
/// The file-system steps of <see cref="LocalDiskBlobStore"/> that must hold up beside concurrent writers and deletes:
/// opening and moving with the folders created on the way (a delete may just have removed a folder it emptied),
/// reading a file that may be gone, and best-effort clean-up.
/// </summary>
/// <remarks>
/// A step that lost such a race is repeated at once, at most <see cref="DirectoryRaceAttempts"/> times, after creating
/// the folder again: there is nothing to wait for, so these are loops rather than a retry pipeline with delays.
/// </remarks>
internal static class BlobFiles
{
    private const int DirectoryRaceAttempts = 5;

    public static FileStream? TryOpenForReading(string path, FileOptions options = FileOptions.None)
    {
        try
        {
            // Delete sharing lets a writer rename over, or retention delete, a file being read (matters on Windows).
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, options);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(path))
        {
            return null; // a folder of blobs, not a blob
        }
    }

    /// <summary>Opens a file for writing, creating its folders; retries when a concurrent delete removed a folder
    /// that had just become empty.</summary>
    public static FileStream OpenCreatingFolders(string path, FileMode mode)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(path, mode, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            }
            catch (IOException e) when (e is DirectoryNotFoundException or FileNotFoundException && attempt < DirectoryRaceAttempts)
            {
                // Both modes create the file, so "not found" means its folder was missing. .NET reports that as
                // FileNotFoundException when another writer recreated the folder before .NET looked why the open failed.
                TryCreateFolder(Path.GetDirectoryName(path)!);
            }
        }
    }

    /// <summary>Moves a file to <paramref name="target"/>, creating its folder; retries when a concurrent delete removed
    /// a folder that had just become empty.</summary>
    public static void MoveCreatingFolders(string source, string target)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                File.Move(source, target, overwrite: false);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < DirectoryRaceAttempts && File.Exists(source))
            {
                TryCreateFolder(Path.GetDirectoryName(target)!);
            }
        }
    }

    private static void TryCreateFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (DirectoryNotFoundException)
        {
            // A concurrent delete removed a parent while it was being created; the caller tries again.
        }
    }

    public static FileInfo? StatOrNull(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file : null;
    }

    public static bool TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static void TryTruncate(FileStream stream, long length)
    {
        try
        {
            stream.SetLength(length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original failure is what the caller needs to see.
        }
    }

    /// <summary>Removes folders emptied by a delete, up to but never including the root, so retention leaves no
    /// empty hour and day folders behind.</summary>
    public static void RemoveEmptyFoldersUpFrom(string root, string folder)
    {
        while (folder.Length > root.Length && folder.StartsWith(root, StringComparison.Ordinal))
        {
            try
            {
                Directory.Delete(folder, recursive: false);
            }
            catch (DirectoryNotFoundException)
            {
                // Already gone (a concurrent delete); its parent may still be empty.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return; // not empty: it still holds blobs, or a write just started in it
            }

            folder = Path.GetDirectoryName(folder)!;
        }
    }
}
