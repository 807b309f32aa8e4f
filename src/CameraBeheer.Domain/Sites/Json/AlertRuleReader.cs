using CameraBeheer.Domain.Alerts;

namespace CameraBeheer.Domain.Sites.Json;

/// <summary>
/// Reads the <c>rules</c> and <c>escalation</c> sections. A rule is checked against the rest of the site: every zone,
/// gate, camera and watch window it names must exist, and it may only carry the properties its trigger uses.
/// </summary>
/// <remarks>
/// <code>
/// { "id": "fietspad-rondhangen", "zones": ["fietspad"], "trigger": "motion-continuous", "minutes": 10,
///   "window": "school-hours", "priority": "medium", "text": "…" }
/// </code>
/// Places by trigger: <c>zones</c> for motion and motion-continuous; <c>gate</c> (absent: every gate) for gate-forced
/// and gate-held-open; <c>cameras</c> (absent: every camera) for camera-offline. Thresholds: <c>minutes</c> for
/// motion-continuous (default 10) and camera-offline (default 2), <c>seconds</c> for gate-held-open (required).
/// </remarks>
internal static class AlertRuleReader
{
    private static readonly string[] RuleProperties = ["id", "trigger", "zones", "gate", "cameras", "minutes", "seconds", "window", "priority", "text"];
    private static readonly string[] EscalationProperties = ["afterMinutes"];

    /// <summary>Every trigger but the built-in deadlines (<see cref="WorkflowRules"/>) and edge agents (<see cref="TechnicalRules"/>).</summary>
    private static readonly IReadOnlyDictionary<string, RuleTrigger> SiteFileTriggers =
        AlertWords.Triggers.Where(t => t.Value is not (RuleTrigger.Deadline or RuleTrigger.EdgeAgent)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

    public static AlertRule Read(ConfigValue value, SiteConfiguration site)
    {
        var rule = value.AsObject(RuleProperties);
        var idValue = rule.Required("id");
        var id = idValue.AsId("rule");
        if (WorkflowRules.Find(id) is not null)
            throw idValue.Problem($"'{id}' is the id of a built-in deadline rule; choose another");
        if (TechnicalRules.Find(id) is not null)
            throw idValue.Problem($"'{id}' is the id of a built-in edge agent rule; choose another");
        // The trigger decides which of the other properties belong to the rule, so it is read first.
        var triggerValue = rule.Required("trigger");
        if (triggerValue.Element.ValueKind == System.Text.Json.JsonValueKind.String && triggerValue.Element.GetString() == "deadline")
            throw triggerValue.Problem($"deadline rules are built in ({string.Join(", ", WorkflowRules.All.Select(r => r.Id))}); the site file cannot define them");
        var trigger = triggerValue.AsChoice("trigger", SiteFileTriggers);
        var priority = rule.Required("priority").AsChoice("priority", AlertWords.Priorities);
        var text = rule.Required("text").AsString();
        return new AlertRule(id, trigger, priority, text)
        {
            Zones = ReadZones(rule, trigger, site),
            Gate = ReadGate(rule, trigger, site),
            Cameras = ReadCameras(rule, trigger, site),
            Threshold = ReadThreshold(rule, trigger),
            Window = rule.Optional("window") is { } window ? ReadWindowReference(window, site) : null,
        };
    }

    public static EscalationPolicy ReadEscalation(ConfigValue value)
    {
        var escalation = value.AsObject(EscalationProperties);
        var minutes = escalation.Optional("afterMinutes") is { } after ? Positive(after, "minutes") : (int)EscalationPolicy.Default.After.TotalMinutes;
        return new EscalationPolicy(TimeSpan.FromMinutes(minutes));
    }

    private static IReadOnlyList<string> ReadZones(ConfigObject rule, RuleTrigger trigger, SiteConfiguration site)
    {
        if (trigger.PlaceKind() != AlertPlaceKind.Zone)
        {
            NotFor(rule, "zones", trigger, trigger.PlaceKind() == AlertPlaceKind.Gate ? "name the gate with \"gate\"" : "name the cameras with \"cameras\"");
            return [];
        }
        var zones = new List<string>();
        foreach (var item in rule.Required("zones").AsNonEmptyArray("zone"))
        {
            var zone = item.AsString();
            if (site.FindZone(zone) is null)
                throw item.Problem($"unknown zone '{zone}'");
            if (zones.Contains(zone, StringComparer.Ordinal))
                throw item.Problem($"zone '{zone}' is listed twice");
            zones.Add(zone);
        }
        return zones.AsReadOnly();
    }

    private static string? ReadGate(ConfigObject rule, RuleTrigger trigger, SiteConfiguration site)
    {
        if (trigger.PlaceKind() != AlertPlaceKind.Gate)
        {
            NotFor(rule, "gate", trigger, "only gate rules name a gate");
            return null;
        }
        if (rule.Optional("gate") is not { } value)
            return null;
        var gate = value.AsString();
        return site.FindGate(gate) is not null ? gate : throw value.Problem($"unknown gate '{gate}'");
    }

    private static IReadOnlyList<string>? ReadCameras(ConfigObject rule, RuleTrigger trigger, SiteConfiguration site)
    {
        if (trigger.PlaceKind() != AlertPlaceKind.Camera)
        {
            NotFor(rule, "cameras", trigger, "only camera rules name cameras");
            return null;
        }
        if (rule.Optional("cameras") is not { } value)
            return null;
        var cameras = new List<string>();
        foreach (var item in value.AsNonEmptyArray("camera"))
        {
            var camera = item.AsString();
            if (site.FindCamera(camera) is null)
                throw item.Problem($"unknown camera '{camera}'");
            if (cameras.Contains(camera, StringComparer.Ordinal))
                throw item.Problem($"camera '{camera}' is listed twice");
            cameras.Add(camera);
        }
        return cameras.AsReadOnly();
    }

    private static TimeSpan ReadThreshold(ConfigObject rule, RuleTrigger trigger)
    {
        var minutes = rule.Optional("minutes");
        var seconds = rule.Optional("seconds");
        switch (trigger)
        {
            case RuleTrigger.MotionContinuous or RuleTrigger.CameraOffline:
                NotFor(rule, "seconds", trigger, "give its threshold in \"minutes\"");
                return minutes is { } m
                    ? TimeSpan.FromMinutes(Positive(m, "minutes"))
                    : trigger == RuleTrigger.MotionContinuous ? RuleTriggers.DefaultContinuousMotion : RuleTriggers.DefaultCameraOffline;
            case RuleTrigger.GateHeldOpen:
                NotFor(rule, "minutes", trigger, "give its threshold in \"seconds\"");
                return TimeSpan.FromSeconds(Positive(rule.Required("seconds"), "seconds"));
            default:
                NotFor(rule, "minutes", trigger, "it fires at once");
                NotFor(rule, "seconds", trigger, "it fires at once");
                return TimeSpan.Zero;
        }
    }

    private static string ReadWindowReference(ConfigValue value, SiteConfiguration site)
    {
        var window = value.AsString();
        return site.FindWatchWindow(window) is not null
            ? window
            : throw value.Problem($"unknown watch window '{window}' (windows: {string.Join(", ", site.WatchWindows.Select(w => w.Id))}; leave \"window\" out for a rule that holds at any time)");
    }

    private static int Positive(ConfigValue value, string unit)
    {
        var number = value.AsInt32();
        return number >= 1 ? number : throw value.Problem($"must be 1 or more {unit}, found {number}");
    }

    /// <summary>Rejects a property that the trigger does not use: it would be silently ignored otherwise.</summary>
    private static void NotFor(ConfigObject rule, string property, RuleTrigger trigger, string hint)
    {
        if (rule.Optional(property) is { } value)
            throw value.Problem($"a {trigger.Word()} rule has no \"{property}\": {hint}");
    }
}
