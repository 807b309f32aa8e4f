using System.Collections.Immutable;

namespace CameraBeheer.Domain.Retention;

/// <summary>Footage of some cameras over a period that must be kept past the retention period, for the police or a court order.</summary>
/// <remarks>
/// Immutable: <see cref="Place"/> checks every field and <see cref="Renew"/> and <see cref="Release"/> return a new hold,
/// so a hold that exists is always valid (its setters are private, so <c>with</c> cannot bypass the checks).
/// All instants are UTC.
/// </remarks>
public sealed record LegalHold
{
    public const int MaxReasonLength = 500;

    public const int MaxReferenceLength = 100;

    /// <summary>Art. 126ni Sv: a preservation order freezes data for at most ninety days.</summary>
    public static readonly TimeSpan MaxPreservationOrder = TimeSpan.FromDays(90);

    /// <summary>
    /// The law sets no limit for a hold while a police request runs, but privacy law does not allow keeping footage
    /// "until someone remembers": a year covers a request's approval, delivery and a court case, and after that a
    /// manager has to renew the hold on purpose or it lapses.
    /// </summary>
    public static readonly TimeSpan MaxPoliceRequest = TimeSpan.FromDays(365);

    private LegalHold(
        string id, string site, CameraList cameras, DateTimeOffset from, DateTimeOffset to, LegalHoldKind kind,
        string reason, string reference, string placedBy, DateTimeOffset placedAt, DateTimeOffset expires)
    {
        Id = id;
        Site = site;
        CameraIds = cameras;
        From = from;
        To = to;
        Kind = kind;
        Reason = reason;
        Reference = reference;
        PlacedBy = placedBy;
        PlacedAt = placedAt;
        Expires = expires;
    }

    /// <summary>
    /// <c>hold-{year placed}-{12 hex digits}</c>, e.g. <c>hold-2026-3f9a1c2b7d4e</c>: random rather than numbered so that
    /// no counter has to be shared between hosts, with the year to make it readable on the phone. A valid <see cref="Ids"/> id.
    /// </summary>
    public string Id { get; private init; }

    public string Site { get; private init; }

    /// <summary>The cameras whose footage is kept; never empty, each listed once.</summary>
    public IReadOnlyList<string> Cameras => CameraIds.Ids;

    /// <summary>Start of the held period (inclusive).</summary>
    public DateTimeOffset From { get; private init; }

    /// <summary>End of the held period (exclusive).</summary>
    public DateTimeOffset To { get; private init; }

    public LegalHoldKind Kind { get; private init; }

    public string Reason { get; private init; }

    /// <summary>The police case number or the order's reference.</summary>
    public string Reference { get; private init; }

    public string PlacedBy { get; private init; }

    public DateTimeOffset PlacedAt { get; private init; }

    /// <summary>The hold protects nothing from this instant on.</summary>
    public DateTimeOffset Expires { get; private init; }

    /// <summary>Who last extended <see cref="Expires"/>, if anyone; the audit log has every renewal.</summary>
    public string? RenewedBy { get; private init; }

    public DateTimeOffset? RenewedAt { get; private init; }

    public DateTimeOffset? ReleasedAt { get; private init; }

    public string? ReleasedBy { get; private init; }

    public string? ReleaseReason { get; private init; }

    // Held in a value-equal wrapper so that two holds with the same cameras are equal records.
    private CameraList CameraIds { get; init; }

    /// <summary>A new hold, every field checked; throws <see cref="LegalHoldException"/> naming the field and the rule.</summary>
    public static LegalHold Place(
        string site,
        IEnumerable<string>? cameras,
        DateTimeOffset from,
        DateTimeOffset to,
        LegalHoldKind kind,
        string reason,
        string reference,
        string placedBy,
        DateTimeOffset placedAt,
        DateTimeOffset expires)
    {
        if (!Ids.IsValid(site))
            throw new LegalHoldException("site", $"site '{site}' is not a site id ({Ids.Rule})");
        var cameraList = CameraList.Of(cameras);
        RequirePeriod(from, to);
        RequireKind(kind);
        placedAt = placedAt.ToUniversalTime();
        expires = expires.ToUniversalTime();
        RequireExpiresAfterPlacing(expires, placedAt);
        RequireMaxLength(kind, expires, placedAt, "after it was placed");
        return new LegalHold(
            NewId(placedAt),
            site,
            cameraList,
            from.ToUniversalTime(),
            to.ToUniversalTime(),
            kind,
            HoldText.Required(reason, "reason", "reason", MaxReasonLength, "say why this footage must be kept"),
            HoldText.Required(reference, "reference", "reference", MaxReferenceLength, "give the police case number or the order's reference"),
            RequireName(placedBy, "placedBy", "placed by"),
            placedAt,
            expires);
    }

    /// <summary>
    /// A hold as it was stored: the values were checked when it was placed, renewed or released, and a stored hold must
    /// come back even if a rule has since become stricter (a hold that protects footage must never fail to load).
    /// </summary>
    public static LegalHold Restore(
        string id, string site, IEnumerable<string> cameras, DateTimeOffset from, DateTimeOffset to, LegalHoldKind kind,
        string reason, string reference, string placedBy, DateTimeOffset placedAt, DateTimeOffset expires,
        string? renewedBy, DateTimeOffset? renewedAt, string? releasedBy, DateTimeOffset? releasedAt, string? releaseReason) =>
        new LegalHold(id, site, new CameraList([.. cameras]), from, to, kind, reason, reference, placedBy, placedAt, expires)
        {
            RenewedBy = renewedBy,
            RenewedAt = renewedAt,
            ReleasedBy = releasedBy,
            ReleasedAt = releasedAt,
            ReleaseReason = releaseReason,
        };

    /// <summary>The same hold with a later expiry, counted from <paramref name="now"/>.</summary>
    public LegalHold Renew(DateTimeOffset newExpiry, string by, DateTimeOffset now)
    {
        RequireNotReleased("renewed");
        if (now >= Expires)
            throw new LegalHoldException("hold", $"hold {Id} expired on {HoldText.Instant(Expires)} and can no longer be renewed; place a new hold");
        newExpiry = newExpiry.ToUniversalTime();
        if (newExpiry <= Expires)
        {
            throw new LegalHoldException(
                "expires",
                $"a renewal must extend the hold; the new expiry {HoldText.Instant(newExpiry)} is not after the current expiry {HoldText.Instant(Expires)} (release the hold to end it sooner)");
        }
        RequireMaxLength(Kind, newExpiry, now, "after the renewal");
        return this with { Expires = newExpiry, RenewedBy = RequireName(by, "renewedBy", "renewed by"), RenewedAt = now.ToUniversalTime() };
    }

    /// <summary>The same hold, ended now: it protects nothing any more, and the sweep deletes what has expired.</summary>
    /// <remarks>An expired hold may still be released, so that the list of holds says who closed it and why.</remarks>
    public LegalHold Release(string by, string reason, DateTimeOffset now)
    {
        RequireNotReleased("released");
        return this with
        {
            ReleasedBy = RequireName(by, "releasedBy", "released by"),
            ReleaseReason = HoldText.Required(reason, "releaseReason", "the reason for releasing", MaxReasonLength, "say why the footage no longer has to be kept"),
            ReleasedAt = now.ToUniversalTime(),
        };
    }

    /// <summary>True from placing until the hold expires or is released.</summary>
    /// <remarks>
    /// No lower bound at <see cref="PlacedAt"/>: a host whose clock runs a little behind the one that placed the hold
    /// must still see it active, or its sweep would delete what the hold was placed for. A release counts from
    /// <see cref="ReleasedAt"/>, so asking about an earlier instant answers what the hold did then.
    /// </remarks>
    public bool IsActive(DateTimeOffset now) => now < Expires && (ReleasedAt is null || now < ReleasedAt);

    /// <summary>
    /// True when the hold is active, lists <paramref name="camera"/>, and the item <c>[itemStart, itemEnd)</c> overlaps
    /// <c>[From, To)</c>; touching ends do not overlap. An instantaneous item (start = end) is protected when it lies in <c>[From, To)</c>.
    /// </summary>
    public bool Protects(string camera, DateTimeOffset itemStart, DateTimeOffset itemEnd, DateTimeOffset now)
    {
        if (itemEnd < itemStart)
            throw new ArgumentException($"the item ends ({itemEnd:O}) before it starts ({itemStart:O})", nameof(itemEnd));
        return IsActive(now) && CameraIds.Contains(camera) && Overlaps(itemStart, itemEnd);
    }

    private bool Overlaps(DateTimeOffset itemStart, DateTimeOffset itemEnd) =>
        itemStart == itemEnd
            ? From <= itemStart && itemStart < To
            : itemStart < To && From < itemEnd;

    private static string NewId(DateTimeOffset placedAt) =>
        $"hold-{placedAt.UtcDateTime.Year:D4}-{Guid.NewGuid().ToString("N")[..12]}";

    private static string RequireName(string? name, string field, string label) =>
        HoldText.Required(name, field, label, HoldText.MaxNameLength, "give the name of the person responsible");

    private static void RequirePeriod(DateTimeOffset from, DateTimeOffset to)
    {
        if (from >= to)
        {
            throw new LegalHoldException(
                "to",
                $"the held period must end after it starts; from {HoldText.Instant(from)} is not before to {HoldText.Instant(to)}");
        }
    }

    private static void RequireKind(LegalHoldKind kind)
    {
        if (!Enum.IsDefined(kind))
            throw new LegalHoldException("kind", $"kind must be a police request or a preservation order (art. 126ni Sv), not {(int)kind}");
    }

    private static void RequireExpiresAfterPlacing(DateTimeOffset expires, DateTimeOffset placedAt)
    {
        if (expires <= placedAt)
        {
            throw new LegalHoldException(
                "expires",
                $"a hold must expire after it is placed; expires {HoldText.Instant(expires)} is not after it was placed on {HoldText.Instant(placedAt)}");
        }
    }

    // The length is counted from placing for a new hold and from the renewal for a renewed one.
    private static void RequireMaxLength(LegalHoldKind kind, DateTimeOffset expires, DateTimeOffset start, string counted)
    {
        var length = expires - start;
        if (kind == LegalHoldKind.PreservationOrder && length > MaxPreservationOrder)
        {
            throw new LegalHoldException(
                "expires",
                $"a preservation order freezes data for at most 90 days (art. 126ni Sv); expires {HoldText.Instant(expires)} is {HoldText.Span(length)} {counted}");
        }
        if (kind == LegalHoldKind.PoliceRequest && length > MaxPoliceRequest)
        {
            throw new LegalHoldException(
                "expires",
                $"a hold for a police request lasts at most 365 days before a manager must renew it; expires {HoldText.Instant(expires)} is {HoldText.Span(length)} {counted}");
        }
    }

    private void RequireNotReleased(string action)
    {
        if (ReleasedAt is { } releasedAt)
            throw new LegalHoldException("hold", $"hold {Id} was already released on {HoldText.Instant(releasedAt)} by {ReleasedBy} and cannot be {action}");
    }

    /// <summary>The camera ids of a hold, compared by content.</summary>
    private readonly record struct CameraList(ImmutableArray<string> Ids)
    {
        public static CameraList Of(IEnumerable<string>? cameras)
        {
            var ids = cameras?.ToImmutableArray() ?? [];
            if (ids.IsEmpty)
                throw new LegalHoldException("cameras", "cameras: name at least one camera whose footage must be kept");
            foreach (var id in ids)
            {
                if (!Domain.Ids.IsValid(id))
                    throw new LegalHoldException("cameras", $"cameras: '{id}' is not a camera id ({Domain.Ids.Rule})");
            }
            var twice = ids.GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null)
                throw new LegalHoldException("cameras", $"cameras: {twice.Key} is listed more than once");
            return new CameraList(ids);
        }

        public bool Contains(string camera) => Ids.Contains(camera, StringComparer.Ordinal);

        public bool Equals(CameraList other) => Ids.SequenceEqual(other.Ids, StringComparer.Ordinal);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var id in Ids)
                hash.Add(id, StringComparer.Ordinal);
            return hash.ToHashCode();
        }

        public override string ToString() => string.Join(", ", Ids);
    }
}
