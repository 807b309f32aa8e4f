using static CameraBeheer.Domain.Tests.WatchWindows.Instants;

namespace CameraBeheer.Domain.Tests.Retention;

/// <summary>The sweep's question: expired under the policy and not protected by any active hold.</summary>
public sealed class RetentionDecisionTests
{
    private static readonly RetentionPolicy Policy = RetentionPolicy.FourWeeks;
    private static readonly DateTimeOffset Hour = Utc(2026, 5, 1, 14, 0);

    // Every item of the 14:00 bucket has expired, and the holds below are still running.
    private static readonly DateTimeOffset Now = Utc(2026, 5, 29, 16, 0);

    [Fact]
    public void Segment_older_than_28_days_is_deleted_unless_held()
    {
        var hold = Holds.Place();

        Assert.True(RetentionDecision.MayDelete(Policy, [], "cam-01", Utc(2026, 5, 1, 14, 15), Utc(2026, 5, 1, 14, 15, 10), Now));
        Assert.False(RetentionDecision.MayDelete(Policy, [hold], "cam-01", Utc(2026, 5, 1, 14, 15), Utc(2026, 5, 1, 14, 15, 10), Now));
        Assert.True(RetentionDecision.MayDelete(Policy, [hold], "cam-01", Utc(2026, 5, 1, 14, 25), Utc(2026, 5, 1, 14, 25, 10), Now));
    }

    [Fact]
    public void A_segment_younger_than_28_days_is_kept_without_any_hold()
    {
        Assert.False(RetentionDecision.MayDelete(Policy, [], "cam-01", Utc(2026, 5, 2, 9, 0), Utc(2026, 5, 2, 9, 0, 10), Now));
    }

    [Fact]
    public void Held_footage_may_be_deleted_once_the_hold_is_released_or_has_expired()
    {
        var hold = Holds.Place(expires: Utc(2026, 6, 3, 9, 0));
        var segment = (Start: Utc(2026, 5, 1, 14, 15), End: Utc(2026, 5, 1, 14, 15, 10));

        Assert.True(RetentionDecision.MayDelete(Policy, [hold.Release("M. Jansen", "Beelden geleverd", Now)], "cam-01", segment.Start, segment.End, Now));
        Assert.False(RetentionDecision.MayDelete(Policy, [hold], "cam-01", segment.Start, segment.End, Utc(2026, 6, 3, 8, 59)));
        Assert.True(RetentionDecision.MayDelete(Policy, [hold], "cam-01", segment.Start, segment.End, Utc(2026, 6, 3, 9, 0)));
    }

    [Theory]
    [InlineData("first second of the hour", 0, 1)]
    [InlineData("last second of the hour", 3599, 3600)]
    [InlineData("overhang of a segment starting at 14:59:55", 3600, 3605)]
    [InlineData("the whole hour and more", -3600, 7200)]
    public void A_whole_bucket_is_not_deleted_when_a_hold_overlaps_any_part_it_may_hold(string where, int fromSecond, int toSecond)
    {
        var hold = Holds.Place(from: Hour.AddSeconds(fromSecond), to: Hour.AddSeconds(toSecond));

        Assert.True(Policy.IsWholeBucketExpired(Hour, Now), where);
        Assert.False(RetentionDecision.MayDeleteWholeBucket(Policy, [hold], "cam-01", Hour, Now), where);
    }

    [Theory]
    [InlineData("ends as the hour starts", -3600, 0)]
    [InlineData("starts after the longest segment could end", 3660, 7200)]
    public void A_whole_bucket_is_deleted_when_holds_only_touch_it_or_lie_beyond_its_reach(string where, int fromSecond, int toSecond)
    {
        var hold = Holds.Place(from: Hour.AddSeconds(fromSecond), to: Hour.AddSeconds(toSecond));

        Assert.True(RetentionDecision.MayDeleteWholeBucket(Policy, [hold], "cam-01", Hour, Now), where);
    }

    [Fact]
    public void A_hold_on_another_camera_or_a_released_hold_does_not_stop_a_whole_bucket()
    {
        var otherCamera = Holds.Place(cameras: ["cam-02"], from: Hour, to: Hour.AddHours(1));
        var released = Holds.Place(from: Hour, to: Hour.AddHours(1)).Release("M. Jansen", "Niet meer nodig", Now);

        Assert.True(RetentionDecision.MayDeleteWholeBucket(Policy, [otherCamera, released], "cam-01", Hour, Now));
    }

    [Fact]
    public void A_bucket_that_is_not_wholly_expired_is_never_deleted_whole()
    {
        var boundaryMoment = Hour.AddHours(1) + TimeSpan.FromDays(28);

        Assert.False(RetentionDecision.MayDeleteWholeBucket(Policy, [], "cam-01", Hour, boundaryMoment));
    }

    [Fact]
    public void Deleting_a_bucket_whole_never_deletes_a_segment_the_item_rule_would_keep()
    {
        var holds = new[]
        {
            Holds.Place(from: Hour.AddMinutes(59).AddSeconds(58), to: Hour.AddMinutes(61)),
            Holds.Place(cameras: ["cam-02"], from: Hour.AddMinutes(-5), to: Hour),
        };
        var lateStart = Hour.AddMinutes(59).AddSeconds(55);
        var segments = Holds.Segments(Hour).Append((Start: lateStart, End: lateStart.AddSeconds(10))).ToList();

        foreach (var camera in new[] { "cam-01", "cam-02", "cam-03" })
        {
            if (RetentionDecision.MayDeleteWholeBucket(Policy, holds, camera, Hour, Now))
                Assert.All(segments, s => Assert.True(RetentionDecision.MayDelete(Policy, holds, camera, s.Start, s.End, Now), $"{camera} {s}"));
        }
        Assert.False(RetentionDecision.MayDeleteWholeBucket(Policy, holds, "cam-01", Hour, Now));
        Assert.True(RetentionDecision.MayDeleteWholeBucket(Policy, holds, "cam-02", Hour, Now));
    }
}
