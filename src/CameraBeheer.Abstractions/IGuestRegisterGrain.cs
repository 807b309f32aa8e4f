namespace CameraBeheer.Abstractions;

/// <summary>
/// The guest register of a site (key: the site id): guests check in with staff before the visit and out after it, so
/// the desk always knows who is on site. Overdue guests (past their leave time or the night cut-off) raise an alert.
/// </summary>
public interface IGuestRegisterGrain : IDeskDataGrain
{
    Task<VisitRecord> CheckInAsync(GuestCheckIn checkIn);

    Task<VisitRecord> CheckOutAsync(string visitId, string by);

    /// <summary>The guests on site now, longest first, with whether they are overdue.</summary>
    Task<ImmutableArray<VisitRecord>> OnSiteAsync();

    /// <summary>The visits that overlap [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    Task<ImmutableArray<VisitRecord>> HistoryAsync(DateTimeOffset from, DateTimeOffset to);

    /// <summary>The check-in times in [<paramref name="from"/>, <paramref name="to"/>], for the gate's unannounced-entry rule.</summary>
    Task<ImmutableArray<DateTimeOffset>> CheckInsBetweenAsync(DateTimeOffset from, DateTimeOffset to);
}

/// <summary>What staff enter at check-in; the staff member comes from the token.</summary>
[GenerateSerializer, Immutable]
public sealed record GuestCheckIn(
    [property: Id(0)] string GuestName,
    [property: Id(1)] string Visiting,
    [property: Id(2)] bool IdChecked,
    [property: Id(3)] DateTimeOffset? ExpectedLeave,
    [property: Id(4)] string By);

[GenerateSerializer, Immutable]
public sealed record VisitRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string GuestName,
    [property: Id(2)] string Visiting,
    [property: Id(3)] string ResidentName,
    [property: Id(4)] bool IdChecked,
    [property: Id(5)] DateTimeOffset CheckedInAt,
    [property: Id(6)] string CheckedInBy,
    [property: Id(7)] DateTimeOffset? ExpectedLeave,
    [property: Id(8)] DateTimeOffset? CheckedOutAt = null,
    [property: Id(9)] string? CheckedOutBy = null,
    [property: Id(10)] DateTimeOffset? OverdueSince = null)
{
    public bool IsOnSite => CheckedOutAt is null;
}
