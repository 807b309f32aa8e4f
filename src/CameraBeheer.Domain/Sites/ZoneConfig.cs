namespace CameraBeheer.Domain.Sites;

/// <summary>An area that rules are about (the grounds, the bike path, a school yard, an attention area), and the camera views that see it.</summary>
public sealed record ZoneConfig(string Id, string Name, ZoneKind Kind, IReadOnlyList<ZoneFeed> Feeds);

/// <summary>A camera view that feeds a zone: the whole camera, one of its regions, and/or (for a dome) one of its presets.</summary>
/// <remarks>A dome's view, and so the zone it watches, depends on its current preset: a feed without a preset takes every preset.</remarks>
public sealed record ZoneFeed(string Camera, string? Region = null, int? Preset = null)
{
    /// <summary>True when motion on <paramref name="camera"/> in <paramref name="region"/> at <paramref name="preset"/> is seen by this feed.</summary>
    public bool Matches(string camera, string? region, int? preset) =>
        string.Equals(Camera, camera, StringComparison.Ordinal)
        && (Region is null || string.Equals(Region, region, StringComparison.Ordinal))
        && (Preset is null || Preset == preset);
}

/// <summary>What sort of place a zone is; rules differ per kind.</summary>
public enum ZoneKind
{
    /// <summary>The fenced-off grounds of the facility (terrein).</summary>
    Grounds,

    /// <summary>The main entrance (hoofdingang), the only way onto the grounds.</summary>
    Entrance,

    /// <summary>The bike path directly in front of the facility: no loitering without reasonable purpose.</summary>
    BikePath,

    /// <summary>A school yard residents may not enter.</summary>
    SchoolYard,

    /// <summary>The 250 m around the building where residents may not use or buy drugs.</summary>
    Radius,

    /// <summary>An attention area (aandachtsgebied) set by the operational meeting: viaducts, station area, supermarkets.</summary>
    AttentionArea,

    /// <summary>Inside the building.</summary>
    Interior,
}
