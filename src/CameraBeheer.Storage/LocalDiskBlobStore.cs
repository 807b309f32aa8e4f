using System.Runtime.CompilerServices;

namespace CameraBeheer.Storage;

/// <summary>An <see cref="IBlobStore"/> over a local folder: one file per blob, '/' in a name is a subfolder.</summary>
/// <remarks>
/// <para>Every operation on one name holds that name's lock (<see cref="BlobNameLocks"/>): a semaphore in this
/// process and an OS file lock for other processes on the same folder. So conditional writes and appends are
/// race-free within the process and between processes on one machine.</para>
/// <para>Put writes a hidden temp file beside the target, flushes it to disk and renames it over the target, so
/// readers see the old or the new file, never a mix. A crash leaves at most a hidden temp file, which no name can
/// address, no listing shows, and the next start removes.</para>
/// <para>The ETag is described in <see cref="FileETag"/>.</para>
/// <para>Limits. The cross-process lock is an advisory OS lock: it holds between processes on one machine, but not
/// over network file systems whose locks are unreliable (some NFS/SMB setups), nor with the
/// System.IO.DisableFileLocking switch, nor against writers that bypass this class. .NET cannot flush a folder, so
/// after a power cut a finished rename may be lost (the old content remains, never a mix), unless the file system
/// commits renames in order (ext4's default does). A listing takes no locks: an ETag it reports may already be stale,
/// which makes a later If-Match fail rather than succeed wrongly.</para>
/// </remarks>
public sealed class LocalDiskBlobStore : IBlobStore, ILocalBlobFiles
{
    private const string TempSuffix = ".tmp";
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    private readonly string _root;
    private readonly BlobNameLocks _locks;
    private readonly BlobFolderListing _listing;
    private readonly TimeProvider _time;

    public LocalDiskBlobStore(string root, TimeProvider? timeProvider = null)
        : this(new LocalDiskBlobStoreOptions { Root = root }, timeProvider)
    {
    }

    public LocalDiskBlobStore(LocalDiskBlobStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Root))
        {
            throw new ArgumentException("the blob store needs a root folder (LocalDiskBlobStoreOptions.Root)", nameof(options));
        }

        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Root));
        _time = timeProvider ?? TimeProvider.System;
        Directory.CreateDirectory(_root);
        _locks = new BlobNameLocks(_root);
        _listing = new BlobFolderListing(_root);
        // Cosmetic only (temp files are invisible), so it must not delay start-up on a large footage tree.
        AbandonedTempFilesSweep = Task.Run(SweepAbandonedTempFiles);
    }

    /// <summary>The full path of the folder that holds the blobs.</summary>
    public string Root => _root;

    /// <summary>The start-up removal of temp files left by a crash; tests wait for it.</summary>
    internal Task AbandonedTempFilesSweep { get; }

    public async Task<BlobContent?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        // The lock keeps an append from landing between reading the bytes and reading the ETag.
        using var held = await _locks.AcquireAsync(name, cancellationToken).ConfigureAwait(false);
        var stream = BlobFiles.TryOpenForReading(path);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            var content = new byte[stream.Length];
            await stream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            return new BlobContent(content, FileETag.Of(content.Length, File.GetLastWriteTimeUtc(stream.SafeFileHandle)));
        }
    }

    /// <remarks>Takes no lock: the open handle keeps the file it opened, so a put renaming a new file over it or a delete
    /// leaves this reader with the old version, whole. An append landing meanwhile may be read in part.</remarks>
    public Task<Stream?> OpenReadAsync(string name, long offset, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        cancellationToken.ThrowIfCancellationRequested();
        Stream? stream = BlobFiles.TryOpenForReading(path, FileOptions.SequentialScan | FileOptions.Asynchronous);
        if (stream is not null)
        {
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        }

        return Task.FromResult(stream);
    }

    public async Task<string> PutAsync(string name, ReadOnlyMemory<byte> content, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        using var held = await _locks.AcquireAsync(name, cancellationToken).ConfigureAwait(false);
        var current = BlobFiles.StatOrNull(path);
        ThrowUnlessConditionHolds(name, condition, current);

        var (temp, etag) = await WriteTempFileAsync(path, content, current?.LastWriteTimeUtc, cancellationToken).ConfigureAwait(false);
        try
        {
            MoveIntoPlace(name, temp, path, condition, replacing: current is not null);
            return etag;
        }
        catch
        {
            BlobFiles.TryDeleteFile(temp);
            throw;
        }
    }

    /// <remarks>
    /// Moves the file to a hidden temp name beside the target, flushes it to disk there and renames it over the target,
    /// as <see cref="PutAsync"/> does with the bytes it writes. On the same file system the move is a rename and the
    /// bytes are never written again: only what the writer of the file had not yet flushed goes to the disk. From
    /// another file system .NET copies the file and deletes it, and the flush makes the copy durable.
    /// </remarks>
    public async Task<string> PutFileAsync(string name, string localFile, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(localFile);
        var source = Path.GetFullPath(localFile);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"there is no file {source} to store as blob '{name}'", source);
        }

        using var held = await _locks.AcquireAsync(name, cancellationToken).ConfigureAwait(false);
        var current = BlobFiles.StatOrNull(path);
        ThrowUnlessConditionHolds(name, condition, current);
        cancellationToken.ThrowIfCancellationRequested();

        var temp = TempPathFor(path);
        try
        {
            BlobFiles.MoveCreatingFolders(source, temp);
            string etag;
            var stream = new FileStream(temp, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            await using (stream.ConfigureAwait(false))
            {
                // Stamp before the flush so that the flush makes the stamp durable too. Not cancellable from here on:
                // the flush is what makes the blob whole on disk.
                var stamped = FileETag.StampLaterThan(stream.SafeFileHandle, current?.LastWriteTimeUtc, UtcNow);
                await DiskFlushes.FlushToDiskAsync(stream).ConfigureAwait(false);
                etag = FileETag.Of(stream.Length, stamped);
            }

            MoveIntoPlace(name, temp, path, condition, replacing: current is not null);
            return etag;
        }
        catch
        {
            BlobFiles.TryDeleteFile(temp);
            throw;
        }
    }

    /// <remarks>Where <see cref="OpenReadAsync"/> reads; only for reading (see <see cref="ILocalBlobFiles"/>).</remarks>
    public string? LocalPathOf(string name) => PathOf(name);

    public async Task<string> AppendAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        using var held = await _locks.AcquireAsync(name, cancellationToken).ConfigureAwait(false);
        // OpenOrCreate + seek rather than FileMode.Append: under the lock it is the same, and it lets a failed write
        // be cut off again (Append mode forbids truncating below the starting length).
        var stream = BlobFiles.OpenCreatingFolders(path, FileMode.OpenOrCreate);
        await using (stream.ConfigureAwait(false))
        {
            var before = stream.Seek(0, SeekOrigin.End);
            var previousWrite = File.GetLastWriteTimeUtc(stream.SafeFileHandle);
            try
            {
                // Not cancellable once started: a half-done append would be a torn record.
                await stream.WriteAsync(content, CancellationToken.None).ConfigureAwait(false);
                var stamped = FileETag.StampLaterThan(stream.SafeFileHandle, previousWrite, UtcNow);
                await DiskFlushes.FlushToDiskAsync(stream).ConfigureAwait(false);
                return FileETag.Of(before + content.Length, stamped);
            }
            catch
            {
                BlobFiles.TryTruncate(stream, before);
                throw;
            }
        }
    }

    public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobNames.ValidatePrefix(prefix);
        var lastSlash = prefix.LastIndexOf('/');
        var startFolder = lastSlash < 0 ? "" : prefix[..lastSlash];
        foreach (var blob in _listing.ListFolder(startFolder, prefix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return blob;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <remarks>One folder read, plus a look into each subfolder until its first blob: a folder left empty (by a delete
    /// under way) or holding only a temp file of an unfinished put is not listed, as Azure would not list it.</remarks>
    public async IAsyncEnumerable<string> ListPrefixesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateFolderPrefix(prefix);
        foreach (var folder in _listing.FoldersUnder(prefix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return folder;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <remarks>Deleting a blob that does not exist returns false, also with <paramref name="ifMatch"/> (as Azure
    /// answers 404 before checking the precondition).</remarks>
    public async Task<bool> DeleteAsync(string name, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        using var held = await _locks.AcquireAsync(name, cancellationToken).ConfigureAwait(false);
        var current = BlobFiles.StatOrNull(path);
        if (current is null)
        {
            return false;
        }

        if (ifMatch is not null)
        {
            ThrowUnlessConditionHolds(name, BlobCondition.Matches(ifMatch), current);
        }

        File.Delete(path);
        BlobFiles.RemoveEmptyFoldersUpFrom(_root, Path.GetDirectoryName(path)!);
        return true;
    }

    /// <summary>Deletes hidden temp files older than <paramref name="olderThan"/>: what crashed writes left behind.</summary>
    /// <returns>How many were removed.</returns>
    public int RemoveAbandonedTempFiles(TimeSpan olderThan)
    {
        var cutoff = UtcNow - olderThan;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var removed = 0;
        foreach (var file in new DirectoryInfo(_root).EnumerateFiles("." + "*" + TempSuffix, options))
        {
            if (file.LastWriteTimeUtc < cutoff && BlobFiles.TryDeleteFile(file.FullName))
            {
                removed++;
            }
        }

        return removed;
    }

    private DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    private void SweepAbandonedTempFiles()
    {
        try
        {
            RemoveAbandonedTempFiles(AbandonedAfter);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leftovers stay invisible; the next start tries again.
        }
    }

    private string PathOf(string name)
    {
        BlobNames.Validate(name);
        var path = Path.GetFullPath(Path.Combine(_root, name.Replace('/', Path.DirectorySeparatorChar)));
        // Validation already rules this out; this is the last line should a rule ever be loosened.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"blob name '{name}' points outside the store", nameof(name));
        }

        return path;
    }

    private static void ThrowUnlessConditionHolds(string name, BlobCondition condition, FileInfo? current) =>
        BlobConflicts.ThrowUnlessHolds(name, condition, current is null ? null : FileETag.Of(current));

    private async Task<(string Path, string ETag)> WriteTempFileAsync(
        string target, ReadOnlyMemory<byte> content, DateTime? previousWrite, CancellationToken cancellationToken)
    {
        var temp = TempPathFor(target);
        var stream = BlobFiles.OpenCreatingFolders(temp, FileMode.CreateNew);
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                // Stamp before the flush so that the flush makes the stamp durable too.
                var stamped = FileETag.StampLaterThan(stream.SafeFileHandle, previousWrite, UtcNow);
                await DiskFlushes.FlushToDiskAsync(stream).ConfigureAwait(false);
                return (temp, FileETag.Of(content.Length, stamped));
            }
        }
        catch
        {
            BlobFiles.TryDeleteFile(temp);
            throw;
        }
    }

    /// <summary>".{file name}.{guid}.tmp" beside the target: same folder, so the rename is atomic; a leading dot,
    /// so no blob name can address it. Long names are cut to stay within the file system's name limit.</summary>
    private static string TempPathFor(string target)
    {
        var fileName = Path.GetFileName(target);
        var shown = fileName.Length <= 100 ? fileName : fileName[..100];
        return Path.Combine(Path.GetDirectoryName(target)!, $".{shown}.{Guid.NewGuid():N}{TempSuffix}");
    }

    private static void MoveIntoPlace(string name, string temp, string target, BlobCondition condition, bool replacing)
    {
        if (replacing)
        {
            File.Move(temp, target, overwrite: true);
            return;
        }

        try
        {
            // No-overwrite move fails atomically if a writer that ignores our locks created the blob meanwhile.
            File.Move(temp, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            if (condition.IfNotExists || condition.IfMatch is not null)
            {
                throw new BlobConflictException(name, $"blob '{name}' was created by another writer while this write was under way");
            }

            File.Move(temp, target, overwrite: true);
        }
    }

}
