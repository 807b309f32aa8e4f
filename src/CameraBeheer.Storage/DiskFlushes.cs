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

    // A plain queue under a monitor rather than a BlockingCollection: its SemaphoreSlim spins (sched_yield) before it
    // sleeps, and sixteen idle threads spinning after every round cost the backend a twentieth of its CPU under load (perf,
    // README "Performance"). Monitor.Wait sleeps at once.
    private static readonly Queue<(FileStream Stream, TaskCompletionSource Done)> Pending = StartThreads();

    /// <summary>Completes when the file's written bytes (and its metadata) are on disk; faults as the flush did.</summary>
    public static Task FlushToDiskAsync(FileStream stream)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Pending)
        {
            Pending.Enqueue((stream, done));
            Monitor.Pulse(Pending);
        }
        return done.Task;
    }

    private static Queue<(FileStream, TaskCompletionSource)> StartThreads()
    {
        var pending = new Queue<(FileStream, TaskCompletionSource)>();
        for (var i = 0; i < Threads; i++)
            new Thread(() => Run(pending)) { IsBackground = true, Name = $"disk flush {i + 1}" }.Start();
        return pending;
    }

    private static void Run(Queue<(FileStream Stream, TaskCompletionSource Done)> pending)
    {
        while (true)
        {
            (FileStream Stream, TaskCompletionSource Done) next;
            lock (pending)
            {
                while (pending.Count == 0) Monitor.Wait(pending);
                next = pending.Dequeue();
            }
            try
            {
                next.Stream.Flush(flushToDisk: true);
                next.Done.SetResult();
            }
            catch (Exception e)
            {
                next.Done.SetException(e);
            }
        }
    }
}
