using System.Globalization;

namespace CameraBeheer.Grains;

/// <summary>
/// The single writer's view of one source's event log: the ids in each hour bucket it has touched, loaded from the log on
/// first use. A redelivered event is recognised by looking in the bucket of its own time, so recognition is exact for as
/// long as the log keeps the bucket (the retention period), across restarts, without a separate window to store.
/// </summary>
internal sealed class EventLogBuckets(EventLog log, string site, string source)
{
    private const int CachedHours = 8;

    private readonly Dictionary<DateTimeOffset, Bucket> _buckets = [];

    /// <summary>A bucket's ids, and whether its file ends in a torn line.</summary>
    internal sealed class Bucket(HashSet<string> ids, bool endsMidLine)
    {
        public HashSet<string> Ids { get; } = ids;
        public bool EndsMidLine { get; set; } = endsMidLine;
        public long LastUsed { get; set; }
    }

    public static string Key(DateTimeOffset hour) => hour.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseKey(string key) =>
        new(DateTime.ParseExact(key, "yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    /// <summary>The bucket of an hour, loaded from the log when not cached; also returns the entries when it had to read them.</summary>
    public async Task<(Bucket Bucket, IReadOnlyList<EventLogEntry>? Loaded)> GetAsync(DateTimeOffset hour)
    {
        if (_buckets.TryGetValue(hour, out var cached))
        {
            cached.LastUsed = Environment.TickCount64;
            return (cached, null);
        }
        var loaded = await log.ReadHourAsync(site, source, hour);
        var bucket = new Bucket(new HashSet<string>(loaded.Entries.Select(e => e.Id), StringComparer.Ordinal), loaded.EndsMidLine) { LastUsed = Environment.TickCount64 };
        _buckets[hour] = bucket;
        EvictBeyondCapacity();
        return (bucket, loaded.Entries);
    }

    /// <summary>
    /// Keeps the new events of a batch: drops those whose id is already in their bucket (or earlier in the batch), appends
    /// the rest with one write per hour bucket, and returns per event whether it was new. When a write fails, the ids of
    /// that bucket are forgotten again and the exception propagates: nothing of that bucket was acknowledged.
    /// </summary>
    public async Task<bool[]> AppendNewAsync<T>(IReadOnlyList<T> events, Func<T, string> id, Func<T, DateTimeOffset> ts, Func<T, EventLogEntry> entry)
    {
        var fresh = new bool[events.Count];
        var byHour = new Dictionary<DateTimeOffset, List<int>>();
        for (var i = 0; i < events.Count; i++)
        {
            var hour = EventLog.HourOf(ts(events[i]));
            var (bucket, _) = await GetAsync(hour);
            if (!bucket.Ids.Add(id(events[i]))) continue;
            fresh[i] = true;
            if (!byHour.TryGetValue(hour, out var indexes)) byHour[hour] = indexes = [];
            indexes.Add(i);
        }
        foreach (var (hour, indexes) in byHour)
        {
            var bucket = _buckets[hour];
            try
            {
                await log.AppendAsync(site, source, hour, indexes.Select(i => entry(events[i])), bucket.EndsMidLine);
                bucket.EndsMidLine = false;
            }
            catch
            {
                // The bucket's lines are unknown now (a torn write); reading it again next time is the truth.
                _buckets.Remove(hour);
                throw;
            }
        }
        return fresh;
    }

    private void EvictBeyondCapacity()
    {
        while (_buckets.Count > CachedHours)
            _buckets.Remove(_buckets.MinBy(b => b.Value.LastUsed).Key);
    }
}
