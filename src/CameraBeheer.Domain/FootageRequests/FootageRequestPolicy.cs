using CameraBeheer.Domain.Retention;

namespace CameraBeheer.Domain.FootageRequests;

/// <summary>The limits and deadlines of police requests; the defaults follow the law and the plan, a site may tune them.</summary>
public sealed record FootageRequestPolicy
{
    /// <summary>How much footage one request may ask for: a day. Larger investigations file several requests, each reviewed.</summary>
    public TimeSpan MaxWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>A request not reviewed within this time expires and its hold is released.</summary>
    public TimeSpan ReviewWithin { get; init; } = TimeSpan.FromHours(72);

    /// <summary>When the manager is alerted that a request still waits for review.</summary>
    public TimeSpan ReviewAlertAfter { get; init; } = TimeSpan.FromHours(48);

    /// <summary>Art. 126nd Sv: an urgent oral demand is confirmed in writing within three days.</summary>
    public TimeSpan WrittenConfirmationWithin { get; init; } = TimeSpan.FromDays(3);

    /// <summary>How long a ready export may be downloaded before the retention sweep deletes it.</summary>
    public TimeSpan ExportKeptFor { get; init; } = TimeSpan.FromDays(14);

    /// <summary>
    /// How long the hold of a demand (126nd/126nf) lasts at most: until the request is closed, or a year for a court
    /// case (<see cref="LegalHold.MaxPoliceRequest"/>). A preservation order's hold lasts until the order's own expiry.
    /// </summary>
    public TimeSpan DemandHoldFor { get; init; } = LegalHold.MaxPoliceRequest;

    /// <summary>The footage retention period: nothing older than this exists.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(28);

    /// <summary>A window may end this far in the future, for clocks that differ a little.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    public static FootageRequestPolicy Default { get; } = new();
}
