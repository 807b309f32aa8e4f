using System.Collections.Concurrent;
using CameraBeheer.Contracts.Text;
using Microsoft.Extensions.Logging;

namespace CameraBeheer.Ingest;

/// <summary>
/// Counts what the embedded broker refused (connects, publishes, subscriptions) per client and reason, and logs it as a
/// summary: a misbehaving or hostile client sending thousands of messages must not flood the log with a line each.
/// The first refusal of a kind from a client is logged at once, the rest in the next summary.
/// </summary>
public sealed class BrokerRefusals(ILogger<BrokerRefusals> logger)
{
    private readonly ConcurrentDictionary<(string Who, string What), Tally> _tallies = new();
    private long _total;

    /// <summary>Everything refused since the start.</summary>
    public long Total => Interlocked.Read(ref _total);

    public void Count(string who, string what, string detail)
    {
        Interlocked.Increment(ref _total);
        var key = (Printable.Excerpt(who, 100), what);
        var tally = _tallies.GetOrAdd(key, _ => new Tally());
        tally.LastDetail = detail;
        if (Interlocked.Exchange(ref tally.Announced, 1) == 0)
            logger.LogWarning("Refused {What} from {Who}: {Detail} (more of the same are summed up once a minute)", what, key.Item1, Printable.Excerpt(detail, 200));
        else
            Interlocked.Increment(ref tally.Since);
    }

    /// <summary>Logs one line per client and reason with the count since the last summary; a quiet one is forgotten.</summary>
    public void Summarize()
    {
        foreach (var (key, tally) in _tallies)
        {
            var count = Interlocked.Exchange(ref tally.Since, 0);
            if (count > 0)
                logger.LogWarning("Refused {Count} more {What} from {Who} in the last minute; the last: {Detail}", count, key.What, key.Who, Printable.Excerpt(tally.LastDetail ?? "", 200));
            else
                _tallies.TryRemove(key, out _);
        }
    }

    private sealed class Tally
    {
        public long Since;
        public int Announced;
        public string? LastDetail;
    }
}
