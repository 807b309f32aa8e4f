using static CameraBeheer.Domain.Tests.WatchWindows.Instants;

namespace CameraBeheer.Domain.Tests.Retention;

/// <summary>
/// Four weeks are 28 × 24 hours of UTC time, also across the daylight saving changes of 2026 (29 March, 25 October):
/// "the same local time 28 days later" would be an hour early in spring and an hour late in autumn.
/// </summary>
public sealed class DaylightSavingRetentionTests
{
    private static readonly RetentionPolicy Policy = RetentionPolicy.FourWeeks;

    [Fact]
    public void An_item_ending_before_the_spring_change_expires_exactly_28_times_24_hours_later()
    {
        var end = Utc(2026, 3, 28, 12, 0); // 13:00 CET

        Assert.False(Policy.HasExpired(end, Utc(2026, 4, 25, 11, 59, 59)));
        Assert.True(Policy.HasExpired(end, Utc(2026, 4, 25, 12, 0)));
        Assert.Equal(Utc(2026, 4, 25, 12, 15), Policy.DeletionDeadline(end));
    }

    [Fact]
    public void A_local_calendar_count_over_the_spring_change_would_delete_an_hour_early_and_ours_does_not()
    {
        var end = Utc(2026, 3, 28, 12, 0);

        var localCalendarExpiry = SameLocalTimeDaysLater(end, 28); // 13:00 CEST = 11:00Z

        Assert.Equal(Utc(2026, 4, 25, 11, 0), localCalendarExpiry);
        Assert.False(Policy.HasExpired(end, localCalendarExpiry));
        Assert.Equal(TimeSpan.FromHours(1), Utc(2026, 4, 25, 12, 0) - localCalendarExpiry);
    }

    [Fact]
    public void An_item_ending_before_the_autumn_change_expires_exactly_28_times_24_hours_later()
    {
        var end = Utc(2026, 10, 24, 12, 0); // 14:00 CEST

        Assert.False(Policy.HasExpired(end, Utc(2026, 11, 21, 11, 59, 59)));
        Assert.True(Policy.HasExpired(end, Utc(2026, 11, 21, 12, 0)));
        Assert.Equal(Utc(2026, 11, 21, 12, 15), Policy.DeletionDeadline(end));
    }

    [Fact]
    public void A_local_calendar_count_over_the_autumn_change_would_keep_footage_an_hour_too_long_and_ours_does_not()
    {
        var end = Utc(2026, 10, 24, 12, 0);

        var localCalendarExpiry = SameLocalTimeDaysLater(end, 28); // 14:00 CET = 13:00Z

        Assert.Equal(Utc(2026, 11, 21, 13, 0), localCalendarExpiry);
        Assert.True(Policy.HasExpired(end, Utc(2026, 11, 21, 12, 0)));
        Assert.Equal(TimeSpan.FromHours(1), localCalendarExpiry - Utc(2026, 11, 21, 12, 0));
    }

    [Fact]
    public void Two_items_ending_at_the_same_local_time_in_the_repeated_autumn_hour_expire_an_hour_apart()
    {
        var firstTimeRound = Utc(2026, 10, 25, 0, 30); // 02:30 CEST
        var secondTimeRound = Utc(2026, 10, 25, 1, 30); // 02:30 CET

        Assert.False(Policy.HasExpired(firstTimeRound, Utc(2026, 11, 22, 0, 29, 59)));
        Assert.True(Policy.HasExpired(firstTimeRound, Utc(2026, 11, 22, 0, 30)));
        Assert.False(Policy.HasExpired(secondTimeRound, Utc(2026, 11, 22, 1, 29, 59)));
        Assert.True(Policy.HasExpired(secondTimeRound, Utc(2026, 11, 22, 1, 30)));
    }

    [Fact]
    public void The_hour_buckets_of_the_short_spring_day_are_whole_utc_hours()
    {
        // 29 March 2026 in Amsterdam runs 28 March 23:00Z to 29 March 22:00Z: 23 hours, so 23 buckets, each one hour long.
        var now = Utc(2026, 3, 29, 22, 1) + TimeSpan.FromDays(28);

        var buckets = Policy.ExpiredHours(Utc(2026, 3, 28, 23, 0), now).ToList();

        Assert.Equal(23, buckets.Count);
        Assert.All(buckets.Zip(buckets.Skip(1)), pair => Assert.Equal(TimeSpan.FromHours(1), pair.Second - pair.First));
    }

    // The wrong way, for comparison: add calendar days to the Amsterdam wall-clock time.
    private static DateTimeOffset SameLocalTimeDaysLater(DateTimeOffset instant, int days)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Amsterdam).DateTime.AddDays(days);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Amsterdam), TimeSpan.Zero);
    }
}
