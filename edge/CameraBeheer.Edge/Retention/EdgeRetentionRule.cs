namespace CameraBeheer.Edge.Retention;

/// <summary>
/// The four-week rule at the edge: nothing the agent keeps about people (quarantined footage, unuploaded footage, queued
/// events) stays more than 28 days after it was written.
/// </summary>
public static class EdgeRetentionRule
{
    /// <summary>28 × 24 hours, counted in UTC: a daylight-saving change in Europe/Amsterdam neither shortens nor lengthens it.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(28 * 24);

    /// <summary>Everything written before the returned instant is due at <paramref name="now"/>.</summary>
    public static DateTimeOffset Cutoff(DateTimeOffset now) => now.ToUniversalTime() - Retention;

    /// <summary>Whether something written at <paramref name="writtenAt"/> must be gone at <paramref name="now"/>.</summary>
    public static bool IsDue(DateTimeOffset writtenAt, DateTimeOffset now) => writtenAt < Cutoff(now);
}
