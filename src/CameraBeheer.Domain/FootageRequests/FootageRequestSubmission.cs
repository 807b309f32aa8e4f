using System.Collections.Immutable;
using CameraBeheer.Domain.Retention;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Domain.FootageRequests;

/// <summary>What a police officer asks for, as typed; <see cref="Check"/> turns it into a request or names what is wrong.</summary>
/// <param name="OrderExpires">A preservation order's own expiry (at most 90 days); absent: 90 days.</param>
public sealed record FootageRequestSubmission(
    string? Case,
    string? Basis,
    string? Authorisation,
    bool Urgent,
    IReadOnlyList<string> Cameras,
    string? Zone,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string? Reason,
    DateTimeOffset? OrderExpires = null)
{
    public const int MaxAuthorisationLength = 100;

    /// <summary>
    /// Every field checked against the site and the rules, in the order a person fills them in; the first problem is
    /// thrown as a <see cref="FootageRequestException"/>: INVALID_ARGUMENT naming the field for what is malformed,
    /// FAILED_PRECONDITION naming the rule for what the law or the four-week rule forbids.
    /// </summary>
    public FootageRequest Check(SiteConfiguration site, FootageRequestPolicy policy, RequestActor by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(by);
        now = now.ToUniversalTime();
        var caseNumber = CaseNumber.Check(Case);
        var basis = LegalBasisWords.Parse(Basis);
        var authorisation = CheckAuthorisation(basis);
        var (cameras, zone, feeds) = CheckPlaces(site);
        var (from, to, availableFrom) = CheckWindow(policy, now);
        var reason = FootageRequestText.Required(Reason, "reason", FootageRequestText.MaxReasonLength, "say what the footage is needed for");
        if (basis != LegalBasis.SensitiveDataDemand)
            RequireNoInteriorCamera(site, cameras, basis);
        var orderExpires = CheckOrderExpiry(basis, now);
        if (Urgent && basis == LegalBasis.PreservationOrder)
            throw FootageRequestException.Invalid("urgent", "an urgent oral demand is a 126nd or 126nf demand; a preservation order (126ni) is given in writing");

        var requester = FootageRequestText.Name(by.Name, "requestedBy");
        return new FootageRequest
        {
            Id = FootageRequest.NewId(now),
            Site = site.Site.Id,
            Case = caseNumber,
            Basis = basis,
            Authorisation = authorisation,
            Urgent = Urgent,
            Cameras = cameras,
            Zone = zone,
            ZoneFeeds = feeds,
            From = from,
            To = to,
            AvailableFrom = availableFrom,
            Reason = reason,
            RequestedBy = requester,
            RequestedAt = now,
            OrderExpires = orderExpires,
            Status = RequestStatus.Submitted,
            History = [new RequestStep(RequestStatus.Submitted, now, requester, by.Role, reason)],
        };
    }

    private string? CheckAuthorisation(LegalBasis basis)
    {
        var given = !string.IsNullOrWhiteSpace(Authorisation);
        if (basis == LegalBasis.SensitiveDataDemand)
        {
            return FootageRequestText.Required(Authorisation, "authorisation", MaxAuthorisationLength,
                "a 126nf demand needs the reference of the examining magistrate's written authorisation");
        }
        if (given)
            throw FootageRequestException.Invalid("authorisation", $"only a 126nf demand carries the examining magistrate's authorisation; this request is {basis.Word()}");
        return null;
    }

    private (ImmutableArray<string> Cameras, string? Zone, ImmutableArray<string> Feeds) CheckPlaces(SiteConfiguration site)
    {
        var cameras = Cameras ?? [];
        var hasZone = !string.IsNullOrEmpty(Zone);
        if (cameras.Count > 0 && hasZone)
            throw FootageRequestException.Invalid("zone", "ask for cameras or for a zone, not both");
        if (cameras.Count == 0 && !hasZone)
            throw FootageRequestException.Invalid("cameras", "name the cameras (e.g. cam-02,cam-03) or a zone");
        if (hasZone)
        {
            var zone = site.FindZone(Zone!) ?? throw FootageRequestException.Invalid("zone",
                $"unknown zone '{FootageRequestText.Excerpt(Zone)}' (zones: {string.Join(", ", site.Zones.Select(z => z.Id))})");
            var feeds = zone.Feeds.Select(f => f.Preset is { } p ? $"{f.Camera} preset {p}" : f.Camera).Distinct().ToImmutableArray();
            return (zone.Feeds.Select(f => f.Camera).Distinct().ToImmutableArray(), zone.Id, feeds);
        }
        if (cameras.Count > site.Cameras.Count)
            throw FootageRequestException.Invalid("cameras", $"the site has {site.Cameras.Count} cameras; {cameras.Count} were named");
        var checkedCameras = new List<string>();
        foreach (var camera in cameras)
        {
            if (!Ids.IsValid(camera))
                throw FootageRequestException.Invalid("cameras", $"'{FootageRequestText.Excerpt(camera)}' is not a camera id ({Ids.Rule})");
            if (site.FindCamera(camera) is null)
                throw FootageRequestException.Invalid("cameras", $"unknown camera '{camera}' at site '{site.Site.Id}'");
            if (checkedCameras.Contains(camera, StringComparer.Ordinal))
                throw FootageRequestException.Invalid("cameras", $"camera '{camera}' is named twice");
            checkedCameras.Add(camera);
        }
        return ([.. checkedCameras], null, []);
    }

    private (DateTimeOffset From, DateTimeOffset To, DateTimeOffset AvailableFrom) CheckWindow(FootageRequestPolicy policy, DateTimeOffset now)
    {
        var from = From?.ToUniversalTime() ?? throw FootageRequestException.Invalid("from", "the start of the window is required");
        var to = To?.ToUniversalTime() ?? throw FootageRequestException.Invalid("to", "the end of the window is required");
        if (to <= from)
            throw FootageRequestException.Invalid("to", $"the window must end after it starts ({FootageRequestText.Instant(from)})");
        if (to - from > policy.MaxWindow)
        {
            throw FootageRequestException.Rule(
                $"a request covers at most {FootageRequestText.Span(policy.MaxWindow)} of footage; this window is {FootageRequestText.Span(to - from)}: file one request per day");
        }
        if (to > now + FootageRequestPolicy.ClockSkew)
            throw FootageRequestException.Rule($"the window ends in the future ({FootageRequestText.Instant(to)}); footage can only be requested up to now");
        var cutoff = now - policy.Retention;
        if (to <= cutoff)
        {
            throw FootageRequestException.Rule(
                $"footage from before {FootageRequestText.Instant(cutoff)} no longer exists: four-week rule (footage is kept {FootageRequestText.Span(policy.Retention)})");
        }
        return (from, to, from < cutoff ? cutoff : from);
    }

    private static void RequireNoInteriorCamera(SiteConfiguration site, ImmutableArray<string> cameras, LegalBasis basis)
    {
        var interior = cameras.Select(site.FindCamera).FirstOrDefault(c => c is { IsInterior: true });
        if (interior is null) return;
        throw FootageRequestException.Rule(
            $"camera {interior.Id} ({interior.Name}) looks inside the care facility, where footage can reveal health data: that needs a 126nf demand with the examining magistrate's authorisation reference, not {basis.Word()}");
    }

    private DateTimeOffset? CheckOrderExpiry(LegalBasis basis, DateTimeOffset now)
    {
        if (basis != LegalBasis.PreservationOrder)
        {
            return OrderExpires is null
                ? null
                : throw FootageRequestException.Invalid("expires", "only a preservation order (126ni) has an expiry of its own; a demand's hold lasts until the request is closed");
        }
        var expires = OrderExpires?.ToUniversalTime() ?? now + LegalHold.MaxPreservationOrder;
        if (expires <= now)
            throw FootageRequestException.Invalid("expires", $"the order's expiry {FootageRequestText.Instant(expires)} has passed");
        if (expires - now > LegalHold.MaxPreservationOrder)
            throw FootageRequestException.Rule($"a preservation order (art. 126ni Sv) lasts at most 90 days; {FootageRequestText.Instant(expires)} is {FootageRequestText.Span(expires - now)} away (a manager can renew the hold)");
        return expires;
    }
}
