using Polly.Timeout;

namespace CameraBeheer.Storage;

/// <summary>
/// Serialises all operations on one blob name: a semaphore within this process, and an exclusive OS lock on a lock
/// file for processes that share the folder (.NET takes flock(LOCK_EX) on Unix and a sharing lock on Windows when a
/// file is opened with <see cref="FileShare.None"/>; the OS releases it when a process dies).
/// </summary>
/// <remarks>
/// Names are spread over a fixed set of stripes, so two names may share a lock; that costs a little waiting, never
/// correctness. The stripe is a stable hash, so every process maps a name to the same lock file.
/// </remarks>
internal sealed class BlobNameLocks
{
    internal const int StripeCount = 256;
    internal const string DirectoryName = ".locks";

    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, StripeCount).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly string _directory;

    public BlobNameLocks(string root)
    {
        _directory = Path.Combine(root, DirectoryName);
        Directory.CreateDirectory(_directory);
    }

    /// <summary>Waits until this caller alone may touch <paramref name="name"/>; dispose the result to let go.</summary>
    public async Task<IDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var stripe = StripeOf(name);
        await _stripes[stripe].WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lockFile = await LockFileAsync(name, stripe, cancellationToken).ConfigureAwait(false);
            return new Held(_stripes[stripe], lockFile);
        }
        catch
        {
            _stripes[stripe].Release();
            throw;
        }
    }

    /// <summary>The lock file that guards <paramref name="name"/> (tests hold it to play another process).</summary>
    internal static string LockFilePath(string root, string name) => Path.Combine(root, DirectoryName, $"{StripeOf(name):x2}.lock");

    /// <summary>FNV-1a over the upper-cased name: stable across processes, and case-insensitive file systems map
    /// "A" and "a" to one file, so they must share a lock.</summary>
    internal static int StripeOf(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ char.ToUpperInvariant(c)) * 16777619u;
        }

        return (int)(hash % StripeCount);
    }

    private async Task<FileStream> LockFileAsync(string name, int stripe, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, $"{stripe:x2}.lock");
        try
        {
            // Almost always free: opened at once, without the pipeline's timer on every append of the hot path.
            return OpenExclusively(path, _directory);
        }
        catch (IOException e) when (e.GetType() == typeof(IOException))
        {
            // Held by another process (a sharing violation): fall through to the pipeline, which polls.
        }
        try
        {
            // Held by another process: the blob-lock pipeline polls, since OS file locks offer no async wait.
            return await StorageRetries.BlobLock.ExecuteAsync(
                static (state, _) => ValueTask.FromResult(OpenExclusively(state.Path, state.Directory)), (Path: path, Directory: _directory), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new TimeoutException(
                $"blob '{name}' stayed locked by another process for {StorageRetries.BlobLockGiveUpAfter.TotalSeconds:0} s (lock file {path})", e);
        }
    }

    private static FileStream OpenExclusively(string path, string directory)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (DirectoryNotFoundException)
        {
            Directory.CreateDirectory(directory);
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
    }

    private sealed class Held(SemaphoreSlim stripe, FileStream lockFile) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                lockFile.Dispose();
                stripe.Release();
            }
        }
    }
}
