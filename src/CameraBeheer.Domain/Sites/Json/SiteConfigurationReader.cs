using System.Text.Json;
using CameraBeheer.Domain.Alerts;

namespace CameraBeheer.Domain.Sites.Json;

/// <summary>Walks a site configuration document section by section, checking each value where it stands.</summary>
/// <remarks>
/// Cameras are read first whatever the order in the file, because gates and zones refer to them; rules are read
/// last, because they refer to zones, gates, cameras and watch windows.
/// The first problem stops the walk: a configuration file is fixed one line at a time.
/// </remarks>
internal static class SiteConfigurationReader
{
    private static readonly string[] RootProperties = ["site", "cameras", "gates", "zones", "watchWindows", "schoolCalendar", "retention", "rules", "escalation", "desk"];
    private static readonly string[] DeskProperties = ["noTimeOutWindows", "guestNightCutoff", "unannouncedEntryMinutes"];
    private static readonly string[] NoTimeOutWindowProperties = ["window", "reason"];
    private static readonly string[] SiteProperties = ["id", "name", "timeZone"];
    private static readonly string[] CameraProperties = ["id", "name", "location", "placement", "kind", "regions", "presets"];
    private static readonly string[] PresetProperties = ["number", "name"];
    private static readonly string[] GateProperties = ["id", "name", "camera"];
    private static readonly string[] ZoneProperties = ["id", "name", "kind", "feeds"];
    private static readonly string[] FeedProperties = ["camera", "region", "preset"];
    private static readonly string[] WindowProperties = ["id", "name", "start", "end", "days", "overnight"];
    private static readonly string[] CalendarProperties = ["schoolDays", "holidays", "exceptionDates"];
    private static readonly string[] HolidayProperties = ["name", "from", "to"];
    private static readonly string[] RetentionProperties = ["days", "allowLongerThanFourWeeks"];

    private const string SchoolDaysWord = "school-days";

    private static readonly Dictionary<string, CameraPlacement> Placements = new()
    {
        ["interior"] = CameraPlacement.Interior,
        ["exterior"] = CameraPlacement.Exterior,
    };

    private static readonly Dictionary<string, CameraKind> CameraKinds = new()
    {
        ["facility"] = CameraKind.Facility,
        ["dome"] = CameraKind.Dome,
    };

    private static readonly Dictionary<string, ZoneKind> ZoneKinds = new()
    {
        ["grounds"] = ZoneKind.Grounds,
        ["entrance"] = ZoneKind.Entrance,
        ["bike-path"] = ZoneKind.BikePath,
        ["school-yard"] = ZoneKind.SchoolYard,
        ["radius"] = ZoneKind.Radius,
        ["attention-area"] = ZoneKind.AttentionArea,
        ["interior"] = ZoneKind.Interior,
    };

    private static readonly Dictionary<string, DayOfWeek> Weekdays = new()
    {
        ["monday"] = DayOfWeek.Monday,
        ["tuesday"] = DayOfWeek.Tuesday,
        ["wednesday"] = DayOfWeek.Wednesday,
        ["thursday"] = DayOfWeek.Thursday,
        ["friday"] = DayOfWeek.Friday,
        ["saturday"] = DayOfWeek.Saturday,
        ["sunday"] = DayOfWeek.Sunday,
    };

    public static SiteConfiguration Read(JsonElement root)
    {
        var document = new ConfigValue(root, "$").AsObject(RootProperties);
        var cameras = ReadCameras(document.Required("cameras"));
        var camerasById = cameras.ToDictionary(c => c.Id, StringComparer.Ordinal);

        var site = new SiteConfiguration
        {
            Site = ReadSite(document.Required("site")),
            Cameras = cameras,
            Gates = ReadList(document.Required("gates"), "gate", item => ReadGate(item, camerasById)),
            Zones = ReadList(document.Required("zones"), "zone", item => ReadZone(item, camerasById)),
            WatchWindows = ReadList(document.Required("watchWindows"), "watch window", ReadWatchWindow),
            SchoolCalendar = ReadSchoolCalendar(document.Required("schoolCalendar")),
            Retention = ReadRetention(document.Required("retention")),
        };
        return site with
        {
            Rules = document.Optional("rules") is { } rules ? ReadList(rules, "rule", item => AlertRuleReader.Read(item, site)) : [],
            Escalation = document.Optional("escalation") is { } escalation ? AlertRuleReader.ReadEscalation(escalation) : EscalationPolicy.Default,
            Desk = document.Optional("desk") is { } desk ? ReadDesk(desk, site) : DeskConfig.Default,
        };
    }

    private static SiteInfo ReadSite(ConfigValue value)
    {
        var site = value.AsObject(SiteProperties);
        var id = site.Required("id").AsId("site");
        var name = site.Required("name").AsString();
        var timeZone = site.Optional("timeZone") is { } zone ? ReadTimeZone(zone) : SiteInfo.DefaultTimeZone;
        return new SiteInfo(id, name, timeZone);
    }

    // Watch windows are local time: a zone the machine does not know would silently shift every window.
    private static string ReadTimeZone(ConfigValue value)
    {
        var id = value.AsString();
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out _)
            ? id
            : throw value.Problem($"unknown time zone '{id}' (use an IANA name such as {SiteInfo.DefaultTimeZone})");
    }

    /// <summary>Reads a list of items that each carry an "id", rejecting a repeated id within the list.</summary>
    private static IReadOnlyList<T> ReadList<T>(ConfigValue value, string what, Func<ConfigValue, T> read)
    {
        var ids = new UniqueIds(what);
        var items = new List<T>();
        foreach (var item in value.AsArray())
        {
            // The id is checked for duplicates before the rest of the item, so the message points at the id.
            if (item.Element.ValueKind == JsonValueKind.Object && item.Element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                ids.Add(id.GetString()!, new ConfigValue(id, $"{item.Path}.id"));
            items.Add(read(item));
        }
        return items.AsReadOnly();
    }

    private static IReadOnlyList<CameraConfig> ReadCameras(ConfigValue value)
    {
        // Facility and dome cameras share one list and one id space: an MQTT topic names a camera by id alone.
        value.AsNonEmptyArray("camera");
        return ReadList(value, "camera", ReadCamera);
    }

    private static CameraConfig ReadCamera(ConfigValue value)
    {
        var camera = value.AsObject(CameraProperties);
        var id = camera.Required("id").AsId("camera");
        var name = camera.Required("name").AsString();
        var location = camera.Required("location").AsString();
        var placement = camera.Required("placement").AsChoice("placement", Placements);
        var kind = camera.Required("kind").AsChoice("camera kind", CameraKinds);
        var regions = camera.Optional("regions") is { } r ? ReadRegions(r) : [];
        var presets = ReadPresets(camera, id, kind);
        return new CameraConfig(id, name, location, placement, kind, regions, presets);
    }

    private static IReadOnlyList<string> ReadRegions(ConfigValue value)
    {
        var seen = new UniqueIds("region");
        var regions = new List<string>();
        foreach (var item in value.AsArray())
        {
            var region = item.AsId("region");
            seen.Add(region, item);
            regions.Add(region);
        }
        return regions.AsReadOnly();
    }

    private static IReadOnlyList<CameraPreset> ReadPresets(ConfigObject camera, string cameraId, CameraKind kind)
    {
        var items = camera.Optional("presets")?.AsArray() ?? [];
        var path = camera.PathOf("presets");
        if (kind == CameraKind.Facility)
        {
            return items.Count == 0
                ? []
                : throw new ConfigProblem(path, $"facility camera '{cameraId}' cannot have presets (only dome cameras turn between preset views)");
        }
        if (items.Count == 0)
            throw new ConfigProblem(path, $"dome camera '{cameraId}' needs at least one preset");

        var firstSeenAt = new Dictionary<int, string>();
        var presets = new List<CameraPreset>();
        foreach (var item in items)
        {
            var preset = item.AsObject(PresetProperties);
            var numberValue = preset.Required("number");
            var number = numberValue.AsInt32();
            if (number < 1)
                throw numberValue.Problem($"preset number must be 1 or more, found {number}");
            if (!firstSeenAt.TryAdd(number, numberValue.Path))
                throw numberValue.Problem($"duplicate preset number {number} (first declared at {firstSeenAt[number]})");
            presets.Add(new CameraPreset(number, preset.Required("name").AsString()));
        }
        return presets.AsReadOnly();
    }

    private static GateConfig ReadGate(ConfigValue value, IReadOnlyDictionary<string, CameraConfig> cameras)
    {
        var gate = value.AsObject(GateProperties);
        var id = gate.Required("id").AsId("gate");
        var name = gate.Required("name").AsString();
        var camera = ReadCameraReference(gate.Required("camera"), cameras);
        return new GateConfig(id, name, camera.Id);
    }

    private static ZoneConfig ReadZone(ConfigValue value, IReadOnlyDictionary<string, CameraConfig> cameras)
    {
        var zone = value.AsObject(ZoneProperties);
        var id = zone.Required("id").AsId("zone");
        var name = zone.Required("name").AsString();
        var kind = zone.Required("kind").AsChoice("zone kind", ZoneKinds);
        var feeds = new List<ZoneFeed>();
        foreach (var item in zone.Required("feeds").AsNonEmptyArray("feed"))
        {
            var feed = ReadFeed(item, cameras);
            if (feeds.Contains(feed))
                throw item.Problem($"the same feed is listed twice ({Describe(feed)})");
            feeds.Add(feed);
        }
        return new ZoneConfig(id, name, kind, feeds.AsReadOnly());
    }

    private static ZoneFeed ReadFeed(ConfigValue value, IReadOnlyDictionary<string, CameraConfig> cameras)
    {
        var feed = value.AsObject(FeedProperties);
        var camera = ReadCameraReference(feed.Required("camera"), cameras);
        var region = feed.Optional("region") is { } r ? ReadRegionReference(r, camera) : null;
        var preset = feed.Optional("preset") is { } p ? ReadPresetReference(p, camera) : (int?)null;
        return new ZoneFeed(camera.Id, region, preset);
    }

    private static string Describe(ZoneFeed feed) =>
        $"camera '{feed.Camera}'"
        + (feed.Region is null ? "" : $", region '{feed.Region}'")
        + (feed.Preset is null ? "" : $", preset {feed.Preset}");

    private static CameraConfig ReadCameraReference(ConfigValue value, IReadOnlyDictionary<string, CameraConfig> cameras)
    {
        var id = value.AsString();
        return cameras.TryGetValue(id, out var camera) ? camera : throw value.Problem($"unknown camera '{id}'");
    }

    private static string ReadRegionReference(ConfigValue value, CameraConfig camera)
    {
        var region = value.AsString();
        if (camera.HasRegion(region))
            return region;

        var known = camera.Regions.Count == 0 ? "it has no regions" : $"regions: {string.Join(", ", camera.Regions)}";
        throw value.Problem($"camera '{camera.Id}' has no region '{region}' ({known})");
    }

    private static int ReadPresetReference(ConfigValue value, CameraConfig camera)
    {
        var number = value.AsInt32();
        if (!camera.IsDome)
            throw value.Problem($"camera '{camera.Id}' is a facility camera and has no presets");
        return camera.FindPreset(number) is not null
            ? number
            : throw value.Problem($"dome camera '{camera.Id}' has no preset {number} (presets: {string.Join(", ", camera.Presets)})");
    }

    private static WatchWindowConfig ReadWatchWindow(ConfigValue value)
    {
        var window = value.AsObject(WindowProperties);
        var id = window.Required("id").AsId("watch window");
        var name = window.Required("name").AsString();
        var start = window.Required("start").AsTimeOfDay();
        var endValue = window.Required("end");
        var end = endValue.AsTimeOfDay();
        // Over midnight only when the file says so: an end before the start is more often a typo than a night window.
        var overnight = window.Optional("overnight")?.AsBoolean() ?? false;
        if (overnight && end >= start)
        {
            throw endValue.Problem(
                $"an overnight window ends the next morning, so its end ({end:HH\\:mm}) must be earlier than its start ({start:HH\\:mm})");
        }
        if (!overnight && end <= start)
        {
            throw endValue.Problem(
                $"window ends ({end:HH\\:mm}) before it starts ({start:HH\\:mm}): the end must be later than the start on the same day "
                + "(for a window over midnight, add \"overnight\": true)");
        }
        var days = ReadWindowDays(window.Required("days"));
        return new WatchWindowConfig(id, name, start, end, days, overnight);
    }

    private static WindowDays ReadWindowDays(ConfigValue value)
    {
        if (value.Element.ValueKind != JsonValueKind.String)
            return WindowDays.On(ReadWeekdays(value));

        var word = value.AsString();
        return word == SchoolDaysWord
            ? WindowDays.SchoolDays
            : throw value.Problem($"unknown days '{word}' (use \"{SchoolDaysWord}\" or a list of weekdays such as [\"saturday\", \"sunday\"])");
    }

    private static IReadOnlyList<DayOfWeek> ReadWeekdays(ConfigValue value)
    {
        var days = new List<DayOfWeek>();
        foreach (var item in value.AsNonEmptyArray("weekday"))
        {
            var day = item.AsChoice("weekday", Weekdays);
            if (days.Contains(day))
                throw item.Problem($"{day} is listed twice");
            days.Add(day);
        }
        return days.AsReadOnly();
    }

    private static SchoolCalendar ReadSchoolCalendar(ConfigValue value)
    {
        var calendar = value.AsObject(CalendarProperties);
        var schoolDays = ReadWeekdays(calendar.Required("schoolDays"));
        var holidays = calendar.Required("holidays").AsArray().Select(ReadHoliday).ToList().AsReadOnly();
        var exceptions = calendar.Optional("exceptionDates") is { } e
            ? e.AsArray().Select(d => d.AsDate()).ToList().AsReadOnly()
            : (IReadOnlyList<DateOnly>)[];
        return new SchoolCalendar(schoolDays, holidays, exceptions);
    }

    private static SchoolHoliday ReadHoliday(ConfigValue value)
    {
        var holiday = value.AsObject(HolidayProperties);
        var name = holiday.Required("name").AsString();
        var from = holiday.Required("from").AsDate();
        var toValue = holiday.Required("to");
        var to = toValue.AsDate();
        return to >= from
            ? new SchoolHoliday(name, from, to)
            : throw toValue.Problem($"holiday ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
    }

    private static RetentionConfig ReadRetention(ConfigValue value)
    {
        var retention = value.AsObject(RetentionProperties);
        var allowLonger = retention.Optional("allowLongerThanFourWeeks")?.AsBoolean() ?? false;
        var daysValue = retention.Required("days");
        var days = daysValue.AsInt32();
        if (days < 1)
            throw daysValue.Problem($"must be a positive number of days, found {days}");
        if (days > RetentionConfig.FourWeeks && !allowLonger)
        {
            throw daysValue.Problem(
                $"{days} days is longer than the four weeks ({RetentionConfig.FourWeeks} days) the social management plan promises; "
                + "set allowLongerThanFourWeeks to true to keep footage longer deliberately");
        }
        return new RetentionConfig(days, allowLonger);
    }

    private static DeskConfig ReadDesk(ConfigValue value, SiteConfiguration site)
    {
        var desk = value.AsObject(DeskProperties);
        var windows = new List<NoTimeOutWindow>();
        foreach (var item in desk.Optional("noTimeOutWindows")?.AsArray() ?? [])
        {
            var entry = item.AsObject(NoTimeOutWindowProperties);
            var windowValue = entry.Required("window");
            var window = windowValue.AsString();
            if (site.FindWatchWindow(window) is null)
                throw windowValue.Problem($"unknown watch window '{window}' (windows: {string.Join(", ", site.WatchWindows.Select(w => w.Id))})");
            if (windows.Any(w => w.Window == window))
                throw windowValue.Problem($"watch window '{window}' is listed twice");
            windows.Add(new NoTimeOutWindow(window, entry.Required("reason").AsString()));
        }
        var cutoff = desk.Optional("guestNightCutoff")?.AsTimeOfDay() ?? DeskConfig.DefaultNightCutoff;
        var minutesValue = desk.Optional("unannouncedEntryMinutes");
        var minutes = minutesValue?.AsInt32() ?? (int)DeskConfig.DefaultUnannouncedEntryWindow.TotalMinutes;
        if (minutes is < 1 or > 30)
            throw (minutesValue ?? value).Problem($"must be 1 to 30 minutes, found {minutes}");
        return new DeskConfig(windows.AsReadOnly(), cutoff, TimeSpan.FromMinutes(minutes));
    }
}
