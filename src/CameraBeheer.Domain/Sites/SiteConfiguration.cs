using CameraBeheer.Domain.Alerts;

namespace CameraBeheer.Domain.Sites;

/// <summary>Everything the backend knows about one site: its cameras, gates, zones, watch windows, school calendar, retention and alert rules.</summary>
/// <remarks>Made by <see cref="SiteConfigurationLoader"/>, which guarantees that ids are unique and every reference resolves.</remarks>
public sealed record SiteConfiguration
{
    private readonly IReadOnlyDictionary<string, CameraConfig> _camerasById = Index<CameraConfig>([], c => c.Id);
    private readonly IReadOnlyDictionary<string, GateConfig> _gatesById = Index<GateConfig>([], g => g.Id);
    private readonly IReadOnlyDictionary<string, ZoneConfig> _zonesById = Index<ZoneConfig>([], z => z.Id);
    private readonly IReadOnlyDictionary<string, WatchWindowConfig> _windowsById = Index<WatchWindowConfig>([], w => w.Id);

    public required SiteInfo Site { get; init; }

    // The lookups are rebuilt in the init accessors so that a `with` expression never leaves a stale index behind.
    public required IReadOnlyList<CameraConfig> Cameras
    {
        get;
        init { field = value; _camerasById = Index(value, c => c.Id); }
    }

    public required IReadOnlyList<GateConfig> Gates
    {
        get;
        init { field = value; _gatesById = Index(value, g => g.Id); }
    }

    public required IReadOnlyList<ZoneConfig> Zones
    {
        get;
        init { field = value; _zonesById = Index(value, z => z.Id); }
    }

    public required IReadOnlyList<WatchWindowConfig> WatchWindows
    {
        get;
        init { field = value; _windowsById = Index(value, w => w.Id); }
    }

    public required SchoolCalendar SchoolCalendar { get; init; }

    public required RetentionConfig Retention { get; init; }

    /// <summary>The alert rules, in file order; none when the file has no <c>rules</c>.</summary>
    public IReadOnlyList<AlertRule> Rules { get; init; } = [];

    /// <summary>The gate desk's rules: no-time-out windows, the guests' night cut-off, the unannounced-entry window.</summary>
    public DeskConfig Desk { get; init; } = DeskConfig.Default;

    /// <summary>When unacknowledged high and critical alerts are escalated.</summary>
    public EscalationPolicy Escalation { get; init; } = EscalationPolicy.Default;

    public CameraConfig? FindCamera(string id) => _camerasById.GetValueOrDefault(id);

    public GateConfig? FindGate(string id) => _gatesById.GetValueOrDefault(id);

    public ZoneConfig? FindZone(string id) => _zonesById.GetValueOrDefault(id);

    public WatchWindowConfig? FindWatchWindow(string id) => _windowsById.GetValueOrDefault(id);

    /// <summary>The zones that motion on <paramref name="camera"/> in a region and/or at a preset belongs to.</summary>
    public IEnumerable<ZoneConfig> ZonesSeeing(string camera, string? region = null, int? preset = null) =>
        Zones.Where(zone => zone.Feeds.Any(feed => feed.Matches(camera, region, preset)));

    private static Dictionary<string, T> Index<T>(IEnumerable<T> items, Func<T, string> id)
    {
        var index = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
            index.TryAdd(id(item), item); // the loader rejects duplicates; here the first one wins
        return index;
    }
}

/// <summary>The site's identity and the time zone its local-time rules (watch windows) are read in.</summary>
public sealed record SiteInfo(string Id, string Name, string TimeZone = SiteInfo.DefaultTimeZone)
{
    public const string DefaultTimeZone = "Europe/Amsterdam";
}
