using System.Runtime.InteropServices;

namespace CameraBeheer.Edge.Uploading;

/// <summary>Moving a file into the spool so that a crash never leaves a partial file under a spool name.</summary>
internal static class SpoolFiles
{
    private const int CrossDevice = 18; // EXDEV on Linux

    /// <summary>
    /// Moves <paramref name="source"/> to <paramref name="target"/> (which must not exist). On one file system this is
    /// one atomic rename. Across file systems the file is copied to <c>{target}.partial</c>, flushed, renamed to
    /// <paramref name="target"/>, and only then is the source deleted: a <c>.partial</c> file is never the only copy,
    /// so the spool scan may delete it.
    /// </summary>
    public static void MoveInto(string source, string target)
    {
        if (!OperatingSystem.IsWindows() && Rename(source, target) == 0)
        {
            return;
        }

        var error = OperatingSystem.IsWindows() ? CrossDevice : Marshal.GetLastPInvokeError();
        if (error != CrossDevice)
        {
            throw new IOException($"could not move {source} to {target} (error {error})");
        }

        var partial = target + PartialSuffix;
        using (var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read))
        using (var to = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            from.CopyTo(to);
            to.Flush(flushToDisk: true);
        }

        File.Move(partial, target, overwrite: false);
        File.Delete(source);
    }

    public const string PartialSuffix = ".partial";

#pragma warning disable SYSLIB1054 // A plain DllImport avoids needing unsafe code for one call; .NET's File.Move would copy across file systems without a temp name.
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename(string oldPath, string newPath);
#pragma warning restore SYSLIB1054
}
