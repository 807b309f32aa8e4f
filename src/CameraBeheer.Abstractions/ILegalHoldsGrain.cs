using CameraBeheer.Domain.Retention;

namespace CameraBeheer.Abstractions;

/// <summary>
/// The legal holds of a site (key: the site id): footage and events they cover are never deleted while they are active.
/// A hold is placed for a police request or a preservation order (art. 126ni Sv), renewed, and released.
/// </summary>
public interface ILegalHoldsGrain : IGrainWithStringKey
{
    Task<HoldResult> PlaceAsync(HoldPlacement placement);

    Task<HoldResult> RenewAsync(string id, DateTimeOffset expires, string by);

    Task<HoldResult> ReleaseAsync(string id, string by, string reason);

    Task<ImmutableArray<LegalHoldRecord>> ListAsync(bool includeEnded);
}

/// <summary>What a manager asks to hold.</summary>
[GenerateSerializer, Immutable]
public sealed record HoldPlacement(
    [property: Id(0)] ImmutableArray<string> Cameras,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset To,
    [property: Id(3)] LegalHoldKind Kind,
    [property: Id(4)] string Reason,
    [property: Id(5)] string Reference,
    [property: Id(6)] DateTimeOffset Expires,
    [property: Id(7)] string PlacedBy);

/// <summary>The hold after the change, or why there was none: a rule (with the field) or an unknown id.</summary>
[GenerateSerializer, Immutable]
public sealed record HoldResult(
    [property: Id(0)] LegalHoldRecord? Hold,
    [property: Id(1)] string? Field = null,
    [property: Id(2)] string? Problem = null,
    [property: Id(3)] bool NotFound = false);

/// <summary>A legal hold as it is stored and sent between grains; <see cref="ToDomain"/> gives the rules back.</summary>
[GenerateSerializer, Immutable]
public sealed record LegalHoldRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Site,
    [property: Id(2)] ImmutableArray<string> Cameras,
    [property: Id(3)] DateTimeOffset From,
    [property: Id(4)] DateTimeOffset To,
    [property: Id(5)] LegalHoldKind Kind,
    [property: Id(6)] string Reason,
    [property: Id(7)] string Reference,
    [property: Id(8)] string PlacedBy,
    [property: Id(9)] DateTimeOffset PlacedAt,
    [property: Id(10)] DateTimeOffset Expires,
    [property: Id(11)] string? RenewedBy,
    [property: Id(12)] DateTimeOffset? RenewedAt,
    [property: Id(13)] string? ReleasedBy,
    [property: Id(14)] DateTimeOffset? ReleasedAt,
    [property: Id(15)] string? ReleaseReason)
{
    public static LegalHoldRecord Of(LegalHold h) => new(
        h.Id, h.Site, [.. h.Cameras], h.From, h.To, h.Kind, h.Reason, h.Reference, h.PlacedBy, h.PlacedAt, h.Expires,
        h.RenewedBy, h.RenewedAt, h.ReleasedBy, h.ReleasedAt, h.ReleaseReason);

    public LegalHold ToDomain() => LegalHold.Restore(
        Id, Site, Cameras, From, To, Kind, Reason, Reference, PlacedBy, PlacedAt, Expires, RenewedBy, RenewedAt, ReleasedBy, ReleasedAt, ReleaseReason);
}
