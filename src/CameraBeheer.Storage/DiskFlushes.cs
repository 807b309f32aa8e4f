using System.Collections.Concurrent;

namespace CameraBeheer.Storage;

/// <summary>
/// Flushes files to disk (fsync) on threads of their own, so that a caller awaits durability without a thread-pool thread
/// sitting in the kernel meanwhile.
/// </summary>
/// <remarks>
/// Hand-rolled because .NET has no asynchronous fsync: <c>FileStream.Flush(true)</c> blocks the calling thread. On the hot
/// path every storing round flushes one event-log file per camera at once; traced under load (dotnet-trace, sampled thread
/// time), a third of the thread pool's busy time was spent blocked in fsync, and the MQTT receive loop, the
/// acknowledgements and the grains' turns queued behind it on two cores. Sixteen threads let sixteen cameras flush at
/// once; ext4 commits concurrent fsyncs in one journal transaction, so more in flight costs the disk little more than one.
/// </remarks>
internal static class DiskFlushes
{
    private const int Threads = 16;

    private static readonly BlockingCollection<(FileStream Stream, TaskCompletionSource Done)> Queue = StartThreads();

    /// <summary>Completes when the file's written bytes (and its metadata) are on disk; faults as the flush did.</summary>
    public static Task FlushToDiskAsync(FileStream stream)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((stream, done));
        return done.Task;
    }

    private static BlockingCollection<(FileStream, TaskCompletionSource)> StartThreads()
    {
        var queue = new BlockingCollection<(FileStream, TaskCompletionSource)>();
        for (var i = 0; i < Threads; i++)
            new Thread(() => Run(queue)) { IsBackground = true, Name = $"disk flush {i + 1}" }.Start();
        return queue;
    }

    private static void Run(BlockingCollection<(FileStream Stream, TaskCompletionSource Done)> queue)
    {
        foreach (var (stream, done) in queue.GetConsumingEnumerable())
        {
            try
            {
                stream.Flush(flushToDisk: true);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }
}
