using System.Text.Json.Nodes;
using static CameraBeheer.Domain.Tests.Sites.BrokenDomusFile;

namespace CameraBeheer.Domain.Tests.Alerts;

/// <summary>
/// The <c>rules</c>, <c>escalation</c> and overnight windows of the site file: each broken rule stops the start with one
/// line naming the file, the JSON path and the problem. Indexes into the real file: rules[0] terrein-schooltijd,
/// [1] schoolplein-schooltijd, [2] fietspad-rondhangen, [3] terrein-nacht, [4] poort-geforceerd, [5] poort-open,
/// [6] camera-offline; watchWindows[3] night.
/// </summary>
public sealed class RuleConfigurationTests
{
    [Fact]
    public void The_real_file_has_the_rules_of_the_issue_in_file_order()
    {
        var site = SiteConfigurationLoader.Parse(RealJson, FileName);

        Assert.Equal(
            ["terrein-schooltijd", "schoolplein-schooltijd", "fietspad-rondhangen", "terrein-nacht", "poort-geforceerd", "poort-open", "camera-offline"],
            site.Rules.Select(r => r.Id));
        Assert.Equal(["terrein"], site.Rules[0].Zones);
        Assert.Equal("school-hours", site.Rules[0].Window);
        Assert.Equal("hoofdingang", site.Rules[4].Gate);
        Assert.Null(site.Rules[6].Cameras);
    }

    [Fact]
    public void An_unknown_zone_in_a_rule_is_named_with_its_path()
    {
        var error = Rejects(root => Rule(root, 1)["zones"]![2] = "schoolplein-nergens");

        Assert.Equal($"{FileName}: $.rules[1].zones[2]: unknown zone 'schoolplein-nergens'", error.Message);
    }

    [Fact]
    public void A_window_that_does_not_exist_is_named_with_the_known_windows()
    {
        var error = Rejects(root => Rule(root, 3)["window"] = "nacht");

        Assert.Equal(
            $"{FileName}: $.rules[3].window: unknown watch window 'nacht' (windows: school-hours, no-time-outs-morning, no-time-outs-afternoon, night; "
            + "leave \"window\" out for a rule that holds at any time)",
            error.Message);
    }

    [Fact]
    public void An_unknown_priority_is_named_with_the_allowed_ones()
    {
        var error = Rejects(root => Rule(root, 0)["priority"] = "urgent");

        Assert.Equal($"{FileName}: $.rules[0].priority: unknown priority 'urgent' (allowed: low, medium, high, critical)", error.Message);
    }

    [Fact]
    public void An_unknown_trigger_is_named_with_the_allowed_ones()
    {
        var error = Rejects(root => Rule(root, 0)["trigger"] = "movement");

        Assert.Equal(
            $"{FileName}: $.rules[0].trigger: unknown trigger 'movement' (allowed: motion, motion-continuous, gate-forced, gate-held-open, camera-offline)",
            error.Message);
    }

    [Fact]
    public void An_unknown_gate_or_camera_is_named_with_its_path()
    {
        var gate = Rejects(root => Rule(root, 4)["gate"] = "achterdeur");
        var camera = Rejects(root => Rule(root, 6)["cameras"] = new JsonArray("cam-01", "cam-99"));

        Assert.Equal($"{FileName}: $.rules[4].gate: unknown gate 'achterdeur'", gate.Message);
        Assert.Equal($"{FileName}: $.rules[6].cameras[1]: unknown camera 'cam-99'", camera.Message);
    }

    [Fact]
    public void A_motion_rule_needs_its_zones()
    {
        var missing = Rejects(root => Rule(root, 0).Remove("zones"));
        var empty = Rejects(root => Rule(root, 0)["zones"] = new JsonArray());

        Assert.Equal($"{FileName}: $.rules[0].zones: required property is missing", missing.Message);
        Assert.Equal($"{FileName}: $.rules[0].zones: at least one zone is required", empty.Message);
    }

    [Fact]
    public void A_property_the_trigger_does_not_use_is_rejected_rather_than_ignored()
    {
        var zonesOnGate = Rejects(root => Rule(root, 4)["zones"] = new JsonArray("hoofdingang"));
        var minutesOnMotion = Rejects(root => Rule(root, 0)["minutes"] = 5);
        var minutesOnHeldOpen = Rejects(root => Rule(root, 5)["minutes"] = 1);

        Assert.Equal($"{FileName}: $.rules[4].zones: a gate-forced rule has no \"zones\": name the gate with \"gate\"", zonesOnGate.Message);
        Assert.Equal($"{FileName}: $.rules[0].minutes: a motion rule has no \"minutes\": it fires at once", minutesOnMotion.Message);
        Assert.Equal($"{FileName}: $.rules[5].minutes: a gate-held-open rule has no \"minutes\": give its threshold in \"seconds\"", minutesOnHeldOpen.Message);
    }

    [Fact]
    public void Thresholds_must_be_positive_and_a_held_open_rule_needs_its_seconds()
    {
        var zero = Rejects(root => Rule(root, 2)["minutes"] = 0);
        var noSeconds = Rejects(root => Rule(root, 5).Remove("seconds"));

        Assert.Equal($"{FileName}: $.rules[2].minutes: must be 1 or more minutes, found 0", zero.Message);
        Assert.Equal($"{FileName}: $.rules[5].seconds: required property is missing", noSeconds.Message);
    }

    [Fact]
    public void Loitering_and_camera_offline_thresholds_default_to_10_and_2_minutes()
    {
        var site = Parse(root =>
        {
            Rule(root, 2).Remove("minutes");
            Rule(root, 6).Remove("minutes");
        });

        Assert.Equal(TimeSpan.FromMinutes(10), site.Rules[2].Threshold);
        Assert.Equal(TimeSpan.FromMinutes(2), site.Rules[6].Threshold);
    }

    [Fact]
    public void A_rule_id_used_twice_is_rejected()
    {
        var error = Rejects(root => Rule(root, 3)["id"] = "terrein-schooltijd");

        Assert.Equal($"{FileName}: $.rules[3].id: duplicate rule id 'terrein-schooltijd' (first declared at $.rules[0].id)", error.Message);
    }

    [Fact]
    public void Adding_a_rule_is_a_change_of_the_file_only()
    {
        var site = Parse(root => root["rules"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "station-nacht",
            ["zones"] = new JsonArray("stationsgebied", "viaduct-europalaan"),
            ["trigger"] = "motion",
            ["window"] = "night",
            ["priority"] = "low",
            ["text"] = "Beweging bij het station 's nachts",
        }));

        var rule = site.Rules[^1];
        Assert.Equal(("station-nacht", RuleTrigger.Motion, AlertPriority.Low), (rule.Id, rule.Trigger, rule.Priority));
        Assert.True(rule.AppliesTo("viaduct-europalaan"));
    }

    [Fact]
    public void A_file_without_rules_has_none_and_the_default_escalation()
    {
        var site = Parse(root =>
        {
            root.Remove("rules");
            root.Remove("escalation");
        });

        Assert.Empty(site.Rules);
        Assert.Equal(TimeSpan.FromMinutes(3), site.Escalation.After);
    }

    [Fact]
    public void Escalation_minutes_are_configurable_and_must_be_positive()
    {
        var five = Parse(root => root["escalation"]!["afterMinutes"] = 5);
        var zero = Rejects(root => root["escalation"]!["afterMinutes"] = 0);

        Assert.Equal(TimeSpan.FromMinutes(5), five.Escalation.After);
        Assert.Equal($"{FileName}: $.escalation.afterMinutes: must be 1 or more minutes, found 0", zero.Message);
    }

    [Fact]
    public void The_night_window_is_marked_overnight_and_the_calendar_runs_it_over_midnight()
    {
        var site = SiteConfigurationLoader.Parse(RealJson, FileName);
        var night = site.FindWatchWindow("night")!;
        var calendar = new WatchWindowCalendar(site);
        var mondayEvening = new DateTimeOffset(2026, 11, 16, 22, 30, 0, TimeSpan.Zero); // 23:30 CET

        Assert.True(night.Overnight);
        Assert.True(calendar["night"].CrossesMidnight);
        Assert.True(calendar.IsActive("night", mondayEvening));
        Assert.True(calendar.IsActive("night", mondayEvening.AddMinutes(389))); // 05:59 the next morning
        Assert.False(calendar.IsActive("night", mondayEvening.AddMinutes(390))); // 06:00
        Assert.True(night.Contains(new DateOnly(2026, 11, 17), new TimeOnly(5, 59), site.SchoolCalendar));
        Assert.False(night.Contains(new DateOnly(2026, 11, 17), new TimeOnly(6, 0), site.SchoolCalendar));
    }

    [Fact]
    public void An_overnight_window_must_end_before_it_starts()
    {
        var error = Rejects(root => Window(root, 3)["end"] = "23:30");

        Assert.Equal($"{FileName}: $.watchWindows[3].end: an overnight window ends the next morning, so its end (23:30) must be earlier than its start (23:00)", error.Message);
    }

    [Fact]
    public void A_window_over_midnight_without_the_overnight_mark_is_still_rejected_and_the_message_says_how()
    {
        var error = Rejects(root => Window(root, 3).Remove("overnight"));

        Assert.Equal(
            $"{FileName}: $.watchWindows[3].end: window ends (06:00) before it starts (23:00): the end must be later than the start on the same day "
            + "(for a window over midnight, add \"overnight\": true)",
            error.Message);
    }

    private static JsonObject Rule(JsonObject root, int index) => root["rules"]![index]!.AsObject();

    private static JsonObject Window(JsonObject root, int index) => root["watchWindows"]![index]!.AsObject();
}
