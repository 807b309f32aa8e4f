namespace CameraBeheer.Domain.Desk;

/// <summary>
/// Personal data of the desk (visits, time-outs, police notifications, reports, removed residents) goes the retention
/// period after it ended: a visit at its check-out, a time-out at its end, a report at its feedback.
/// </summary>
public sealed record DeskRetention(TimeSpan Period)
{
    public static DeskRetention For(Sites.RetentionConfig retention)
    {
        ArgumentNullException.ThrowIfNull(retention);
        return new DeskRetention(retention.Period);
    }

    /// <summary>True when an item that ended at <paramref name="ended"/> must be gone at <paramref name="now"/>; an item not yet ended never is.</summary>
    public bool IsDue(DateTimeOffset? ended, DateTimeOffset now) => ended is { } e && now - e >= Period;
}
