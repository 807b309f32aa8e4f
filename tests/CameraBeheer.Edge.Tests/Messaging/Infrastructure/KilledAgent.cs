namespace CameraBeheer.Edge.Tests.Messaging.Infrastructure;

/// <summary>
/// What a killed agent leaves behind: its outbox folder exactly as it is on disk at the moment of the kill, without the
/// orderly stop's last write of the consumer state. The production outbox has no crash mode: the folder is copied as
/// it is, the outbox is closed in order (releasing its files and loops), and the copy is put back over what the close
/// wrote.
/// </summary>
internal static class KilledAgent
{
    /// <summary>Kills the outbox open on <paramref name="folder"/>; a new outbox on the folder starts as after a crash.</summary>
    public static async Task KillAsync(EdgeOutbox outbox, string folder)
    {
        var leftBehind = folder.TrimEnd(Path.DirectorySeparatorChar) + ".killed";
        Copy(folder, leftBehind);
        await outbox.DisposeAsync();
        Directory.Delete(folder, recursive: true);
        Directory.Move(leftBehind, folder);
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            try
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
            catch (FileNotFoundException)
            {
                // A temporary file renamed into place meanwhile (the outbox saves its state every 100 ms): the copy
                // holds the file under its final name, as a kill at that moment leaves it.
            }
            catch (IOException) when (file.EndsWith(OutboxJournal.TempSuffix, StringComparison.Ordinal))
            {
                // A temporary file being written at this moment (held exclusively until it is renamed): a kill leaves it
                // torn, and the next start writes over it; left out, as if the kill came just before it was begun.
            }
        }

        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            Copy(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
