using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CameraBeheer.Ingest;

/// <summary>
/// Counts refused (dead-lettered) messages by reason and logs them as one line a minute, so a misbehaving edge that sends
/// a thousand bad messages does not bury the console; the messages themselves are in the dead-letter log.
/// </summary>
public sealed class RefusedInputSummary
{
    private readonly ConcurrentDictionary<string, int> _byReason = new(StringComparer.Ordinal);

    public void Record(string reason) => _byReason.AddOrUpdate(reason, 1, (_, n) => n + 1);

    /// <summary>The counts since the last call, largest first, and resets them.</summary>
    public IReadOnlyList<(string Reason, int Count)> TakeCounts()
    {
        var taken = new List<(string, int)>();
        foreach (var reason in _byReason.Keys)
            if (_byReason.TryRemove(reason, out var count)) taken.Add((reason, count));
        return [.. taken.OrderByDescending(t => t.Item2).ThenBy(t => t.Item1, StringComparer.Ordinal)];
    }
}

/// <summary>Writes the <see cref="RefusedInputSummary"/> once a minute when something was refused.</summary>
public sealed partial class RefusedInputSummaryService(RefusedInputSummary summary, TimeProvider time, ILogger<RefusedInputSummaryService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    // Made here, not in ExecuteAsync (which runs on the thread pool): the first minute starts when the service does.
    private readonly PeriodicTimer _timer = new(Interval, time);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(stoppingToken)) Flush();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        Flush();
    }

    public override void Dispose()
    {
        _timer.Dispose();
        base.Dispose();
    }

    private void Flush()
    {
        var counts = summary.TakeCounts();
        if (counts.Count == 0) return;
        LogRefused(logger, counts.Sum(c => c.Count), string.Join(", ", counts.Select(c => $"{c.Count} {c.Reason}")));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Count} messages in the last minute ({Reasons}); each is in the dead-letter log with its reason")]
    private static partial void LogRefused(ILogger logger, int count, string reasons);
}
