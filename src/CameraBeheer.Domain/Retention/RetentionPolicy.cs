using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Domain.Retention;

/// <summary>When stored footage and events have expired: a fixed span of UTC time after they ended, four weeks unless configured otherwise.</summary>
/// <remarks>
/// The period is elapsed time (28 × 24 h), never local calendar days: across a daylight saving change a local
/// "same time four weeks later" is 27 × 24 ± 1 h away, and the plan promises four weeks, not a wall-clock date.
/// Legal holds are not this class's concern; <see cref="RetentionDecision"/> combines the two.
/// </remarks>
public sealed class RetentionPolicy
{
    /// <summary>The storage layout's bucket: footage and events are filed under the UTC hour <c>[H, H+1h)</c> in which they start.</summary>
    public static readonly TimeSpan BucketLength = TimeSpan.FromHours(1);

    /// <summary>The longest a single stored item (a segment of about 10 s, an event) may last, unless told otherwise.</summary>
    public static readonly TimeSpan DefaultMaxItemDuration = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How late after its expiry an item may still exist: sweeps start every 5 minutes and each finishes well
    /// within 10, so an item expiring just after a sweep started is gone at most 5 + 10 minutes later.
    /// </summary>
    public static readonly TimeSpan DeadlineSlack = TimeSpan.FromMinutes(15);

    /// <summary>The social management plan's four weeks, with segments of at most a minute.</summary>
    public static readonly RetentionPolicy FourWeeks = new(TimeSpan.FromDays(RetentionConfig.FourWeeks));

    public RetentionPolicy(TimeSpan period)
        : this(period, DefaultMaxItemDuration)
    {
    }

    /// <param name="period">How long an item is kept after it ended; more than zero.</param>
    /// <param name="maxItemDuration">
    /// The longest any stored item lasts. An item is filed under the hour it starts, so one starting at H+59:59
    /// ends up to this much after its bucket's hour: the bucket is only wholly expired once that end is too.
    /// </param>
    public RetentionPolicy(TimeSpan period, TimeSpan maxItemDuration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItemDuration, TimeSpan.Zero);
        Period = period;
        MaxItemDuration = maxItemDuration;
    }

    public TimeSpan Period { get; }

    public TimeSpan MaxItemDuration { get; }

    /// <summary>The policy a site's configuration asks for.</summary>
    public static RetentionPolicy For(RetentionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new RetentionPolicy(config.Period);
    }

    /// <summary>Anything that ended at or before this instant has expired.</summary>
    public DateTimeOffset Cutoff(DateTimeOffset now) => now.ToUniversalTime() - Period;

    public bool HasExpired(DateTimeOffset end, DateTimeOffset now) => end <= Cutoff(now);

    /// <summary>The latest an item that ended at <paramref name="end"/> is still stored: what the retention report shows as "deleted by".</summary>
    /// <remarks>
    /// Holds only because the sweep looks inside <see cref="IsBoundaryBucket">boundary buckets</see>; deleting whole
    /// buckets alone would keep an item up to an hour and <see cref="MaxItemDuration"/> longer.
    /// </remarks>
    public DateTimeOffset DeletionDeadline(DateTimeOffset end) => end.ToUniversalTime() + Period + DeadlineSlack;

    /// <summary>The start of the UTC hour bucket <paramref name="instant"/> falls in.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerHour), TimeSpan.Zero);
    }

    /// <summary>True when every item filed under the hour <paramref name="hourStart"/> has expired, so the bucket can go at once.</summary>
    public bool IsWholeBucketExpired(DateTimeOffset hourStart, DateTimeOffset now) =>
        LatestPossibleEnd(hourStart) <= Cutoff(now);

    /// <summary>True when some items of the bucket may have expired and others not: the sweep must decide item by item.</summary>
    /// <remarks>The earliest possible end in a bucket is its hour start itself (an instantaneous event).</remarks>
    public bool IsBoundaryBucket(DateTimeOffset hourStart, DateTimeOffset now) =>
        hourStart <= Cutoff(now) && !IsWholeBucketExpired(hourStart, now);

    /// <summary>The wholly expired hour buckets from <paramref name="fromHour"/> (the oldest one stored) onwards, oldest first.</summary>
    public IEnumerable<DateTimeOffset> ExpiredHours(DateTimeOffset fromHour, DateTimeOffset now)
    {
        RequireWholeHour(fromHour, nameof(fromHour)); // here, not in the iterator, so a wrong hour fails at the call
        return Hours(fromHour.ToUniversalTime(), Cutoff(now));

        IEnumerable<DateTimeOffset> Hours(DateTimeOffset hour, DateTimeOffset cutoff)
        {
            for (; hour + BucketLength + MaxItemDuration <= cutoff; hour += BucketLength)
                yield return hour;
        }
    }

    /// <summary>The buckets the sweep must look inside at <paramref name="now"/>; with items of at most a minute, one or two.</summary>
    public IEnumerable<DateTimeOffset> BoundaryHours(DateTimeOffset now)
    {
        var cutoff = Cutoff(now);
        var first = HourOf(cutoff - BucketLength - MaxItemDuration);
        for (var hour = first; hour <= cutoff; hour += BucketLength)
        {
            if (IsBoundaryBucket(hour, now))
                yield return hour;
        }
    }

    internal DateTimeOffset LatestPossibleEnd(DateTimeOffset hourStart)
    {
        RequireWholeHour(hourStart, nameof(hourStart));
        return hourStart.ToUniversalTime() + BucketLength + MaxItemDuration;
    }

    private static void RequireWholeHour(DateTimeOffset hourStart, string parameter)
    {
        if (HourOf(hourStart) != hourStart)
            throw new ArgumentException($"a bucket starts at a whole UTC hour; {hourStart:O} does not", parameter);
    }
}
