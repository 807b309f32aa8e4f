using System.Text.Json.Nodes;
using static CameraBeheer.Domain.Tests.Sites.BrokenDomusFile;

namespace CameraBeheer.Domain.Tests.Sites;

/// <summary>
/// Each test breaks the real Domus file in one place and checks that the message names the file, the exact
/// JSON path and the problem in words. Indexes into the real file: cameras[0..31] are cam-01..cam-32,
/// cameras[32..37] dome-01..dome-06; zones[0] terrein, zones[3] schoolplein-aeres (fed by dome-04 preset 1);
/// watchWindows[0] school-hours 08:00-16:30, [1] no-time-outs-morning 08:00-09:30.
/// </summary>
public sealed class BrokenSiteConfigurationTests
{
    [Fact]
    public void Malformed_json_names_line_and_position()
    {
        var lines = RealJson.Split('\n');
        var nameLine = Array.FindIndex(lines, l => l.Contains("\"name\": \"Domus Almere Poort\",", StringComparison.Ordinal));
        lines[nameLine] = lines[nameLine].Replace("Poort\",", "Poort\"", StringComparison.Ordinal);

        var error = Rejects(string.Join('\n', lines));

        // The missing comma is noticed at the next property, line nameLine + 2 counted from 1, at its opening quote.
        Assert.Equal($"{FileName}: line {nameLine + 2}, position 5: malformed JSON: '\"' is invalid after a value. Expected either ',', '}}', or ']'.", error.Message);
    }

    [Fact]
    public void A_missing_required_property_is_named_by_its_path()
    {
        var error = Rejects(root => Camera(root, 4).Remove("kind"));

        Assert.Equal($"{FileName}: $.cameras[4].kind: required property is missing", error.Message);
    }

    [Fact]
    public void An_unknown_property_is_rejected_with_the_allowed_ones()
    {
        var error = Rejects(root => Camera(root, 2)["colour"] = "red");

        Assert.Equal(
            $"{FileName}: $.cameras[2].colour: unknown property 'colour' (allowed: id, name, location, placement, kind, regions, presets)",
            error.Message);
    }

    [Fact]
    public void A_property_written_twice_is_rejected()
    {
        var json = RealJson.Replace("\"id\": \"domus-almere-poort\",", "\"id\": \"domus-almere-poort\", \"id\": \"domus\",", StringComparison.Ordinal);

        var error = Rejects(json);

        Assert.Equal($"{FileName}: $.site.id: property 'id' appears more than once", error.Message);
    }

    [Fact]
    public void A_camera_id_out_of_pattern_is_rejected()
    {
        var error = Rejects(root => Camera(root, 0)["id"] = "Cam_01");

        Assert.StartsWith($"{FileName}: $.cameras[0].id: 'Cam_01' is not a valid camera id (", error.Message, StringComparison.Ordinal);
        Assert.Contains("^[a-z0-9][a-z0-9-]{0,63}$", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_id_out_of_pattern_is_rejected()
    {
        var error = Rejects(root => root["site"]!["id"] = "Domus Almere Poort");

        Assert.StartsWith($"{FileName}: $.site.id: 'Domus Almere Poort' is not a valid site id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dome_may_not_reuse_the_id_of_a_facility_camera()
    {
        var error = Rejects(root => Camera(root, 33)["id"] = "cam-01");

        Assert.Equal($"{FileName}: $.cameras[33].id: duplicate camera id 'cam-01' (first declared at $.cameras[0].id)", error.Message);
    }

    [Fact]
    public void Zone_ids_are_unique()
    {
        var error = Rejects(root => Zone(root, 5)["id"] = "terrein");

        Assert.Equal($"{FileName}: $.zones[5].id: duplicate zone id 'terrein' (first declared at $.zones[0].id)", error.Message);
    }

    [Fact]
    public void Watch_window_ids_are_unique()
    {
        var error = Rejects(root => root["watchWindows"]![2]!["id"] = "school-hours");

        Assert.Equal($"{FileName}: $.watchWindows[2].id: duplicate watch window id 'school-hours' (first declared at $.watchWindows[0].id)", error.Message);
    }

    [Fact]
    public void A_zone_feed_must_name_a_known_camera()
    {
        var error = Rejects(root => Zone(root, 3)["feeds"]![0]!["camera"] = "cam-99");

        Assert.Equal($"{FileName}: $.zones[3].feeds[0].camera: unknown camera 'cam-99'", error.Message);
    }

    [Fact]
    public void A_gate_must_name_a_known_camera()
    {
        var error = Rejects(root => root["gates"]![0]!["camera"] = "cam-40");

        Assert.Equal($"{FileName}: $.gates[0].camera: unknown camera 'cam-40'", error.Message);
    }

    [Fact]
    public void A_zone_feed_region_must_be_one_of_the_cameras_regions()
    {
        var error = Rejects(root => Zone(root, 0)["feeds"]![0]!["region"] = "roof");

        Assert.Equal($"{FileName}: $.zones[0].feeds[0].region: camera 'cam-01' has no region 'roof' (regions: gate, forecourt)", error.Message);
    }

    [Fact]
    public void A_zone_feed_may_not_give_a_preset_for_a_facility_camera()
    {
        var error = Rejects(root => Zone(root, 0)["feeds"]![1]!["preset"] = 1);

        Assert.Equal($"{FileName}: $.zones[0].feeds[1].preset: camera 'cam-02' is a facility camera and has no presets", error.Message);
    }

    [Fact]
    public void A_zone_feed_preset_must_be_one_the_dome_has()
    {
        var error = Rejects(root => Zone(root, 3)["feeds"]![0]!["preset"] = 9);

        Assert.Equal(
            $"{FileName}: $.zones[3].feeds[0].preset: dome camera 'dome-04' has no preset 9 "
            + "(presets: 1 schoolplein-aeres, 2 schoolplein-poort-lyceum, 3 schoolplein-roc-poort, 4 fietsenstalling-campus)",
            error.Message);
    }

    [Fact]
    public void A_dome_camera_needs_at_least_one_preset()
    {
        var missing = Rejects(root => Camera(root, 32).Remove("presets"));
        var empty = Rejects(root => Camera(root, 32)["presets"] = new JsonArray());

        Assert.Equal($"{FileName}: $.cameras[32].presets: dome camera 'dome-01' needs at least one preset", missing.Message);
        Assert.Equal(missing.Message, empty.Message);
    }

    [Fact]
    public void A_facility_camera_cannot_have_presets()
    {
        var error = Rejects(root => Camera(root, 0)["presets"] = new JsonArray(new JsonObject { ["number"] = 1, ["name"] = "poort" }));

        Assert.StartsWith($"{FileName}: $.cameras[0].presets: facility camera 'cam-01' cannot have presets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preset_numbers_of_a_dome_are_unique()
    {
        var error = Rejects(root => Camera(root, 32)["presets"]![1]!["number"] = 1);

        Assert.Equal($"{FileName}: $.cameras[32].presets[1].number: duplicate preset number 1 (first declared at $.cameras[32].presets[0].number)", error.Message);
    }

    [Fact]
    public void An_unknown_placement_names_the_allowed_values()
    {
        var error = Rejects(root => Camera(root, 3)["placement"] = "outside");

        Assert.Equal($"{FileName}: $.cameras[3].placement: unknown placement 'outside' (allowed: interior, exterior)", error.Message);
    }

    [Fact]
    public void An_unknown_zone_kind_names_the_allowed_values()
    {
        var error = Rejects(root => Zone(root, 2)["kind"] = "cycle-path");

        Assert.Equal(
            $"{FileName}: $.zones[2].kind: unknown zone kind 'cycle-path' (allowed: grounds, entrance, bike-path, school-yard, radius, attention-area, interior)",
            error.Message);
    }

    [Fact]
    public void A_site_needs_at_least_one_camera()
    {
        var error = Rejects(root => root["cameras"] = new JsonArray());

        Assert.Equal($"{FileName}: $.cameras: at least one camera is required", error.Message);
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_is_rejected()
    {
        var error = Rejects(root => root["watchWindows"]![1]!["end"] = "07:30");

        Assert.StartsWith($"{FileName}: $.watchWindows[1].end: window ends (07:30) before it starts (08:00)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_that_ends_when_it_starts_is_rejected()
    {
        var error = Rejects(root => root["watchWindows"]![1]!["end"] = "08:00");

        Assert.StartsWith($"{FileName}: $.watchWindows[1].end: window ends (08:00) before it starts (08:00)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_of_day_must_exist()
    {
        var error = Rejects(root => root["watchWindows"]![0]!["start"] = "25:00");

        Assert.Equal($"{FileName}: $.watchWindows[0].start: '25:00' is not a time of day (HH:mm, 00:00 to 23:59)", error.Message);
    }

    [Fact]
    public void Window_days_are_school_days_or_a_list_of_weekdays()
    {
        var word = Rejects(root => root["watchWindows"]![0]!["days"] = "weekdays");
        var day = Rejects(root => root["watchWindows"]![0]!["days"] = new JsonArray("monday", "funday"));

        Assert.StartsWith($"{FileName}: $.watchWindows[0].days: unknown days 'weekdays' (use \"school-days\"", word.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{FileName}: $.watchWindows[0].days[1]: unknown weekday 'funday' (allowed: monday,", day.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_holiday_that_ends_before_it_starts_is_rejected()
    {
        var error = Rejects(root => root["schoolCalendar"]!["holidays"]![1]!["to"] = "2026-12-01");

        Assert.Equal($"{FileName}: $.schoolCalendar.holidays[1].to: holiday ends (2026-12-01) before it starts (2026-12-19)", error.Message);
    }

    [Fact]
    public void A_holiday_date_must_be_a_date()
    {
        var error = Rejects(root => root["schoolCalendar"]!["holidays"]![0]!["from"] = "17-10-2026");

        Assert.Equal($"{FileName}: $.schoolCalendar.holidays[0].from: '17-10-2026' is not a date (yyyy-MM-dd)", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-7)]
    public void Retention_must_be_a_positive_number_of_days(int days)
    {
        var error = Rejects(root => root["retention"]!["days"] = days);

        Assert.Equal($"{FileName}: $.retention.days: must be a positive number of days, found {days}", error.Message);
    }

    [Fact]
    public void Retention_longer_than_four_weeks_needs_the_explicit_flag()
    {
        var error = Rejects(root => root["retention"]!["days"] = 42);

        Assert.StartsWith(
            $"{FileName}: $.retention.days: 42 days is longer than the four weeks (28 days) the social management plan promises; set allowLongerThanFourWeeks",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Retention_longer_than_four_weeks_is_accepted_with_the_flag_and_marked_for_a_warning()
    {
        var site = Parse(root => root["retention"] = new JsonObject { ["days"] = 42, ["allowLongerThanFourWeeks"] = true });

        Assert.Equal(42, site.Retention.Days);
        Assert.True(site.Retention.IsLongerThanFourWeeks);
    }

    [Fact]
    public void Retention_days_must_be_a_whole_number()
    {
        var text = Rejects(root => root["retention"]!["days"] = "28");
        var fraction = Rejects(root => root["retention"]!["days"] = 27.5);

        Assert.Equal($"{FileName}: $.retention.days: expected a whole number, found the string \"28\"", text.Message);
        Assert.Equal($"{FileName}: $.retention.days: expected a whole number, found 27.5", fraction.Message);
    }

    [Fact]
    public void An_unknown_time_zone_is_rejected()
    {
        var error = Rejects(root => root["site"]!["timeZone"] = "Europe/Almere");

        Assert.StartsWith($"{FileName}: $.site.timeZone: unknown time zone 'Europe/Almere'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_time_zone_defaults_to_Amsterdam()
    {
        var site = Parse(root => root["site"]!.AsObject().Remove("timeZone"));

        Assert.Equal("Europe/Amsterdam", site.Site.TimeZone);
    }

    [Fact]
    public void A_root_that_is_not_an_object_is_rejected()
    {
        var error = Rejects("[]");

        Assert.Equal($"{FileName}: $: expected an object, found a list", error.Message);
    }

    [Fact]
    public void A_file_that_does_not_exist_is_reported_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-site-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<SiteConfigurationException>(() => SiteConfigurationLoader.LoadFile(path));

        Assert.StartsWith($"{path}: cannot read the site configuration:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deadline_rule_in_the_site_file_is_refused_naming_the_built_in_ones()
    {
        var error = Rejects(root => root["rules"]![0]!["trigger"] = "deadline");

        Assert.StartsWith($"{FileName}: $.rules[0].trigger: deadline rules are built in (footage-request-unreviewed, ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_rule_may_not_take_the_id_of_a_built_in_rule()
    {
        var error = Rejects(root => root["rules"]![0]!["id"] = "guest-overdue");

        Assert.Equal($"{FileName}: $.rules[0].id: 'guest-overdue' is the id of a built-in deadline rule; choose another", error.Message);
    }

    [Fact]
    public void An_edge_agent_rule_in_the_site_file_is_refused_and_its_ids_are_taken()
    {
        var trigger = Rejects(root => root["rules"]![0]!["trigger"] = "edge-agent");
        var id = Rejects(root => root["rules"]![0]!["id"] = "edge-offline");

        Assert.StartsWith($"{FileName}: $.rules[0].trigger:", trigger.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("edge-agent,", trigger.Message, StringComparison.Ordinal);
        Assert.Equal($"{FileName}: $.rules[0].id: 'edge-offline' is the id of a built-in edge agent rule; choose another", id.Message);
    }

    private static JsonObject Camera(JsonObject root, int index) => root["cameras"]![index]!.AsObject();

    private static JsonObject Zone(JsonObject root, int index) => root["zones"]![index]!.AsObject();
}
