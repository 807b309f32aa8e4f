namespace CameraBeheer.Domain.Retention;

/// <summary>Whether the sweep may delete an item or a whole hour bucket: expired under the policy, and no active legal hold on it.</summary>
public static class RetentionDecision
{
    public static bool MayDelete(
        RetentionPolicy policy, IEnumerable<LegalHold> holds, string camera, DateTimeOffset itemStart, DateTimeOffset itemEnd, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(holds);
        return policy.HasExpired(itemEnd, now) && !holds.Any(hold => hold.Protects(camera, itemStart, itemEnd, now));
    }

    /// <summary>True when every item of <paramref name="camera"/> filed under <paramref name="hourStart"/> may go, without looking inside.</summary>
    /// <remarks>
    /// Items filed under the hour can reach up to <see cref="RetentionPolicy.MaxItemDuration"/> past it, so a hold
    /// overlapping anywhere in <c>[hourStart, hourStart + 1 h + MaxItemDuration)</c> might protect one of them.
    /// </remarks>
    public static bool MayDeleteWholeBucket(
        RetentionPolicy policy, IEnumerable<LegalHold> holds, string camera, DateTimeOffset hourStart, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(holds);
        if (!policy.IsWholeBucketExpired(hourStart, now))
            return false;
        var reach = policy.LatestPossibleEnd(hourStart);
        return !holds.Any(hold => hold.Protects(camera, hourStart, reach, now));
    }
}
