namespace CameraBeheer.Abstractions;

/// <summary>
/// One zone of a site (key <c>{site}/{zone}</c>): the grounds, a school yard, the bike path… It learns from the camera
/// grains where motion starts and ends within it, and keeps which camera feeds are active now.
/// </summary>
public interface IZoneGrain : IGrainWithStringKey
{
    /// <summary>
    /// A feed (camera, region, preset) of this zone saw motion start or end. Completes when the zone has taken the change
    /// and the control room has every alert it raised; the camera owes the change until then and sends it again after a
    /// failure, so a change may come twice (the zone takes it once, the control room recognises the alert's cause).
    /// </summary>
    Task MotionChangedAsync(ZoneMotion motion);

    Task<ZoneSnapshot> GetSnapshotAsync();
}

/// <summary>A motion transition on one feed of a zone.</summary>
[GenerateSerializer, Immutable]
public sealed record ZoneMotion(
    [property: Id(0)] string Camera,
    [property: Id(1)] string? Region,
    [property: Id(2)] int? Preset,
    [property: Id(3)] bool Active,
    [property: Id(4)] DateTimeOffset Ts,
    [property: Id(5)] string EventId);

/// <summary>Which feeds of a zone see motion now.</summary>
[GenerateSerializer, Immutable]
public sealed record ZoneSnapshot(
    [property: Id(0)] string Zone,
    [property: Id(1)] ImmutableArray<string> ActiveFeeds,
    [property: Id(2)] DateTimeOffset? LastChange);
