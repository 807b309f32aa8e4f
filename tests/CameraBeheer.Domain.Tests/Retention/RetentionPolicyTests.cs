using Microsoft.Extensions.Time.Testing;
using static CameraBeheer.Domain.Tests.WatchWindows.Instants;

namespace CameraBeheer.Domain.Tests.Retention;

/// <summary>The four-week rule at its exact boundary, the hour buckets of the storage layout, and the 15-minute deletion promise.</summary>
public sealed class RetentionPolicyTests
{
    private static readonly RetentionPolicy Policy = RetentionPolicy.FourWeeks;
    private static readonly DateTimeOffset Now = Utc(2026, 6, 1, 12, 0);
    private static readonly DateTimeOffset Hour = Utc(2026, 5, 4, 10, 0);

    [Fact]
    public void An_item_that_ended_one_second_short_of_28_days_ago_is_kept()
    {
        var end = Now - TimeSpan.FromDays(28) + TimeSpan.FromSeconds(1);

        Assert.False(Policy.HasExpired(end, Now));
    }

    [Fact]
    public void An_item_that_ended_exactly_28_days_ago_has_expired()
    {
        var end = Now - TimeSpan.FromDays(28);

        Assert.Equal(end, Policy.Cutoff(Now));
        Assert.True(Policy.HasExpired(end, Now));
    }

    [Fact]
    public void The_deletion_deadline_is_28_days_and_15_minutes_after_the_end()
    {
        Assert.Equal(Utc(2026, 6, 1, 12, 15), Policy.DeletionDeadline(Utc(2026, 5, 4, 12, 0)));
        Assert.Equal(TimeSpan.FromMinutes(15), RetentionPolicy.DeadlineSlack);
    }

    [Fact]
    public void The_default_is_four_weeks_and_a_site_may_configure_another_period()
    {
        Assert.Equal(TimeSpan.FromDays(28), RetentionPolicy.FourWeeks.Period);
        Assert.Equal(TimeSpan.FromMinutes(1), RetentionPolicy.FourWeeks.MaxItemDuration);
        Assert.Equal(TimeSpan.FromDays(35), RetentionPolicy.For(new RetentionConfig(35, AllowLongerThanFourWeeks: true)).Period);
    }

    [Fact]
    public void A_period_of_zero_or_less_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetentionPolicy(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetentionPolicy(TimeSpan.FromDays(28), TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void A_bucket_is_not_wholly_expired_when_its_hour_is_because_a_late_segment_reaches_past_it()
    {
        var cutoffAtHourEnd = Hour.AddHours(1) + TimeSpan.FromDays(28);
        var lastSegmentEnd = Hour.AddMinutes(59).AddSeconds(55).AddSeconds(10); // starts 10:59:55, filed under 10:00

        Assert.False(Policy.HasExpired(lastSegmentEnd, cutoffAtHourEnd));
        Assert.False(Policy.IsWholeBucketExpired(Hour, cutoffAtHourEnd));
        Assert.True(Policy.IsBoundaryBucket(Hour, cutoffAtHourEnd));
    }

    [Fact]
    public void A_bucket_is_wholly_expired_once_the_hour_and_the_longest_item_have_passed_the_cutoff()
    {
        var whole = Hour.AddHours(1).AddMinutes(1) + TimeSpan.FromDays(28);

        Assert.False(Policy.IsWholeBucketExpired(Hour, whole.AddSeconds(-1)));
        Assert.True(Policy.IsBoundaryBucket(Hour, whole.AddSeconds(-1)));
        Assert.True(Policy.IsWholeBucketExpired(Hour, whole));
        Assert.False(Policy.IsBoundaryBucket(Hour, whole));
    }

    [Fact]
    public void The_longest_item_duration_decides_when_a_bucket_is_wholly_expired()
    {
        var hourEndExpired = Hour.AddHours(1) + TimeSpan.FromDays(28);
        var fiveMinutes = new RetentionPolicy(TimeSpan.FromDays(28), TimeSpan.FromMinutes(5));
        var instantItems = new RetentionPolicy(TimeSpan.FromDays(28), TimeSpan.Zero);

        Assert.True(instantItems.IsWholeBucketExpired(Hour, hourEndExpired));
        Assert.False(fiveMinutes.IsWholeBucketExpired(Hour, hourEndExpired.AddMinutes(4)));
        Assert.True(fiveMinutes.IsWholeBucketExpired(Hour, hourEndExpired.AddMinutes(5)));
    }

    [Fact]
    public void A_bucket_starting_exactly_at_the_cutoff_is_a_boundary_bucket_for_an_event_at_its_first_instant()
    {
        var now = Hour + TimeSpan.FromDays(28);

        Assert.True(Policy.HasExpired(Hour, now)); // an instantaneous event at 10:00:00
        Assert.True(Policy.IsBoundaryBucket(Hour, now));
        Assert.False(Policy.IsBoundaryBucket(Hour, now.AddTicks(-1)));
        Assert.False(Policy.IsWholeBucketExpired(Hour, now.AddTicks(-1)));
    }

    [Fact]
    public void Expired_hours_run_from_the_oldest_stored_hour_up_to_the_last_wholly_expired_one()
    {
        var now = Utc(2026, 6, 1, 13, 0, 30); // cutoff 4 May 13:00:30

        var hours = Policy.ExpiredHours(Utc(2026, 5, 4, 9, 0), now).ToList();

        Assert.Equal([Utc(2026, 5, 4, 9, 0), Utc(2026, 5, 4, 10, 0), Utc(2026, 5, 4, 11, 0)], hours);
        Assert.Equal([Utc(2026, 5, 4, 12, 0), Utc(2026, 5, 4, 13, 0)], Policy.BoundaryHours(now));
    }

    [Fact]
    public void Past_the_first_minute_of_an_hour_only_that_hour_is_a_boundary_bucket()
    {
        var now = Utc(2026, 5, 4, 13, 30) + TimeSpan.FromDays(28);

        Assert.Equal([Utc(2026, 5, 4, 13, 0)], Policy.BoundaryHours(now));
        Assert.Equal(Utc(2026, 5, 4, 12, 0), Policy.ExpiredHours(Utc(2026, 5, 4, 0, 0), now).Last());
    }

    [Fact]
    public void Bucket_hours_must_be_whole_utc_hours()
    {
        var halfPast = Utc(2026, 5, 4, 10, 30);

        Assert.Throws<ArgumentException>(() => Policy.IsWholeBucketExpired(halfPast, Now));
        Assert.Throws<ArgumentException>(() => Policy.ExpiredHours(halfPast, Now)); // at the call, not when enumerated
        Assert.Equal(Utc(2026, 5, 4, 10, 0), RetentionPolicy.HourOf(Utc(2026, 5, 4, 10, 59, 59)));
        Assert.True(Policy.IsWholeBucketExpired(new DateTimeOffset(2026, 5, 4, 12, 0, 0, TimeSpan.FromHours(2)), Now)); // 10:00Z
    }

    [Fact]
    public void Sweeps_every_five_minutes_taking_up_to_ten_delete_every_segment_after_its_expiry_and_before_its_deadline()
    {
        var sweepDuration = TimeSpan.FromMinutes(10);
        var time = new FakeTimeProvider(Utc(2026, 6, 1, 9, 58, 17)); // an odd phase: sweeps do not start on the hour
        var segments = Holds.Segments(Hour).Concat(Holds.Segments(Hour.AddHours(1))).ToList();
        var gone = new Dictionary<(DateTimeOffset Start, DateTimeOffset End), DateTimeOffset>();

        while (gone.Count < segments.Count)
        {
            var now = time.GetUtcNow();
            var whole = Policy.ExpiredHours(Hour, now).ToHashSet();
            var boundary = Policy.BoundaryHours(now).ToHashSet();
            foreach (var segment in segments.Where(s => !gone.ContainsKey(s)))
            {
                var bucket = RetentionPolicy.HourOf(segment.Start);
                if (whole.Contains(bucket) || (boundary.Contains(bucket) && Policy.HasExpired(segment.End, now)))
                {
                    Assert.True(Policy.HasExpired(segment.End, now), $"{segment} deleted at {now:O} before it expired");
                    gone[segment] = now + sweepDuration;
                }
            }
            time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.All(segments, s => Assert.True(gone[s] <= Policy.DeletionDeadline(s.End), $"{s} still stored at {gone[s]:O}"));
    }
}
