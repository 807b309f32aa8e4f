using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CameraBeheer.Storage;

/// <summary>The retries of the storage, named and shaped in one place (Polly pipelines).</summary>
/// <remarks>
/// Not here: the Azure SDK's own retry policy for requests (configured on its client), and the immediate repeats of a
/// step that lost a race with a concurrent delete (<see cref="BlobFiles"/>, <see cref="AzureBlobStore"/>): those
/// repeat at once a step whose precondition another writer just changed, with nothing to wait for.
/// </remarks>
internal static class StorageRetries
{
    /// <summary>How long a blob's lock file may stay held by another process before the operation gives up.</summary>
    public static readonly TimeSpan BlobLockGiveUpAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <b>blob-lock</b>: the OS lock on a blob's lock file is held by another process. OS file locks offer no
    /// asynchronous wait, so the open is polled: after 1 ms, doubling up to 20 ms, for at most
    /// <see cref="BlobLockGiveUpAfter"/> (then <see cref="TimeoutRejectedException"/>). Real time on purpose: another
    /// process lets go in real time, whatever clock the store stamps its ETags with.
    /// </summary>
    public static readonly ResiliencePipeline BlobLock = new ResiliencePipelineBuilder { Name = "blob-lock" }
        .AddTimeout(BlobLockGiveUpAfter)
        .AddRetry(new RetryStrategyOptions
        {
            // Exactly IOException: .NET's sharing violation. Its subclasses (not found, path too long) are other failures.
            ShouldHandle = new PredicateBuilder().Handle<IOException>(e => e.GetType() == typeof(IOException)),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(1),
            MaxDelay = TimeSpan.FromMilliseconds(20),
            UseJitter = false,
        })
        .Build();
}
