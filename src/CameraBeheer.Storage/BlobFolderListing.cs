namespace CameraBeheer.Storage;

/// <summary>
/// Listing the blobs of a <see cref="LocalDiskBlobStore"/> the way Azure lists them: full names in ordinal order, no
/// hidden entries (temp files of puts under way, the lock folder), and a folder counted only when it holds a blob.
/// Takes no locks: an entry deleted meanwhile is skipped.
/// </summary>
internal sealed class BlobFolderListing(string root)
{
    /// <summary>Depth-first over one folder in ordinal name order. A folder sorts as its name plus '/', which puts
    /// its blobs exactly where their full names belong (e.g. "a-b" before "a/x", since '-' &lt; '/').</summary>
    public IEnumerable<BlobInfo> ListFolder(string folderName, string prefix)
    {
        FileSystemInfo[] entries;
        try
        {
            entries = new DirectoryInfo(FolderPath(folderName)).GetFileSystemInfos();
        }
        catch (DirectoryNotFoundException)
        {
            yield break;
        }

        var ordered = entries
            .Where(e => !e.Name.StartsWith('.')) // temp files and the lock folder
            .Select(e => (Entry: e, Key: e is DirectoryInfo ? e.Name + "/" : e.Name))
            .OrderBy(e => e.Key, StringComparer.Ordinal);
        foreach (var (entry, key) in ordered)
        {
            var fullName = folderName.Length == 0 ? key : folderName + "/" + key;
            if (entry is DirectoryInfo)
            {
                if (fullName.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(fullName, StringComparison.Ordinal))
                {
                    foreach (var blob in ListFolder(fullName[..^1], prefix))
                    {
                        yield return blob;
                    }
                }
            }
            else if (fullName.StartsWith(prefix, StringComparison.Ordinal) && InfoOrNull(fullName, (FileInfo)entry) is { } info)
            {
                yield return info;
            }
        }
    }
    /// <summary>The subfolders of one folder that hold at least one blob, as full prefixes in ordinal order.</summary>
    public List<string> FoldersUnder(string prefix)
    {
        DirectoryInfo[] folders;
        try
        {
            folders = new DirectoryInfo(FolderPath(prefix.TrimEnd('/'))).GetDirectories();
        }
        catch (DirectoryNotFoundException)
        {
            return []; // no such folder, or the prefix names a blob
        }
        catch (IOException) when (File.Exists(FolderPath(prefix.TrimEnd('/'))))
        {
            return [];
        }

        return folders
            .Where(f => !f.Name.StartsWith('.')) // the lock folder
            .Select(f => (Folder: f, Prefix: prefix + f.Name + "/"))
            .OrderBy(f => f.Prefix, StringComparer.Ordinal) // by the full prefix: "a-b/" sorts before "a/"
            .Where(f => HoldsABlob(f.Folder))
            .Select(f => f.Prefix)
            .ToList();
    }
    /// <summary>Whether a folder holds a blob at any depth; stops at the first one found.</summary>
    private static bool HoldsABlob(DirectoryInfo folder)
    {
        try
        {
            foreach (var entry in folder.EnumerateFileSystemInfos())
            {
                if (entry.Name.StartsWith('.'))
                {
                    continue; // a temp file of a put under way is not a blob yet
                }

                if (entry is FileInfo || (entry is DirectoryInfo subfolder && HoldsABlob(subfolder)))
                {
                    return true;
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // Removed by a delete that emptied it.
        }

        return false;
    }

    private string FolderPath(string folderName) =>
        folderName.Length == 0 ? root : Path.Combine(root, folderName.Replace('/', Path.DirectorySeparatorChar));

    private static BlobInfo? InfoOrNull(string name, FileInfo file)
    {
        try
        {
            var length = file.Length;
            var lastWrite = file.LastWriteTimeUtc;
            return new BlobInfo(name, length, FileETag.Of(length, lastWrite), new DateTimeOffset(lastWrite));
        }
        catch (FileNotFoundException)
        {
            return null; // deleted between the folder listing and now
        }
    }
}
