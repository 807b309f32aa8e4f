namespace CameraBeheer.Domain.Tests.Sites;

/// <summary>The bundled configuration of Domus Almere Poort loads and says what the social management plan says.</summary>
public sealed class DomusSiteConfigurationTests
{
    private static readonly SiteConfiguration Site = SiteConfigurationLoader.LoadFile(RepositoryFiles.DomusSiteFile);

    [Fact]
    public void The_site_is_Domus_Almere_Poort_in_Amsterdam_time()
    {
        Assert.Equal(new SiteInfo("domus-almere-poort", "Domus Almere Poort", "Europe/Amsterdam"), Site.Site);
    }

    [Fact]
    public void The_site_has_32_facility_cameras_cam_01_to_cam_32_without_presets()
    {
        var facility = Site.Cameras.Where(c => c.Kind == CameraKind.Facility).ToList();

        Assert.Equal(Enumerable.Range(1, 32).Select(i => $"cam-{i:00}"), facility.Select(c => c.Id));
        Assert.All(facility, c => Assert.Empty(c.Presets));
        Assert.Contains(facility, c => c.Placement == CameraPlacement.Interior);
        Assert.Contains(facility, c => c.Placement == CameraPlacement.Exterior);
    }

    [Fact]
    public void The_site_has_6_municipal_dome_cameras_each_with_presets()
    {
        var domes = Site.Cameras.Where(c => c.IsDome).ToList();

        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"dome-{i:00}"), domes.Select(c => c.Id));
        Assert.All(domes, d => Assert.NotEmpty(d.Presets));
        Assert.All(domes, d => Assert.Equal(CameraPlacement.Exterior, d.Placement));
    }

    [Fact]
    public void The_grounds_are_entered_only_through_the_main_entrance_gate()
    {
        var gate = Assert.Single(Site.Gates);

        Assert.Equal("hoofdingang", gate.Id);
        Assert.Same(gate, Site.FindGate("hoofdingang"));
        Assert.NotNull(Site.FindCamera(gate.Camera));
    }

    [Fact]
    public void The_zones_of_the_social_management_plan_are_configured()
    {
        string[] expected =
        [
            "terrein", "hoofdingang", "fietspad",
            "schoolplein-aeres", "schoolplein-de-kleine-wereld", "schoolplein-poort-lyceum", "schoolplein-roc-poort",
            "straal-250m",
            "viaduct-europalaan", "viaduct-beneluxlaan", "viaduct-cascadepad", "viaduct-max-van-estpad",
            "viaduct-elementendreef", "onderdoorgang-n702", "stationsgebied", "supermarkten",
        ];

        Assert.All(expected, id => Assert.NotNull(Site.FindZone(id)));
        Assert.Equal(ZoneKind.Grounds, Site.FindZone("terrein")!.Kind);
        Assert.Equal(ZoneKind.BikePath, Site.FindZone("fietspad")!.Kind);
        Assert.Equal(ZoneKind.Radius, Site.FindZone("straal-250m")!.Kind);
        Assert.Equal(4, Site.Zones.Count(z => z.Kind == ZoneKind.SchoolYard));
        Assert.Equal(8, Site.Zones.Count(z => z.Kind == ZoneKind.AttentionArea));
    }

    [Fact]
    public void Unknown_ids_are_not_found()
    {
        Assert.Null(Site.FindCamera("cam-99"));
        Assert.Null(Site.FindZone("nowhere"));
        Assert.Null(Site.FindGate("achterdeur"));
    }

    [Fact]
    public void A_dome_sees_a_zone_only_at_the_preset_that_points_at_it()
    {
        Assert.Equal(["fietspad", "straal-250m"], Site.ZonesSeeing("dome-01", preset: 1).Select(z => z.Id));
        Assert.Equal(["schoolplein-de-kleine-wereld", "straal-250m"], Site.ZonesSeeing("dome-01", preset: 4).Select(z => z.Id));
        Assert.Equal(["schoolplein-aeres"], Site.ZonesSeeing("dome-04", preset: 1).Select(z => z.Id));
    }

    [Fact]
    public void A_region_of_a_facility_camera_feeds_only_its_own_zones()
    {
        Assert.Equal(["hoofdingang"], Site.ZonesSeeing("cam-01", region: "gate").Select(z => z.Id));
        Assert.Equal(["terrein"], Site.ZonesSeeing("cam-01", region: "forecourt").Select(z => z.Id));
    }

    [Fact]
    public void School_hours_and_no_time_out_windows_apply_on_school_days()
    {
        var schoolHours = Site.FindWatchWindow("school-hours")!;
        var morning = Site.FindWatchWindow("no-time-outs-morning")!;
        var afternoon = Site.FindWatchWindow("no-time-outs-afternoon")!;

        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(16, 30)), (schoolHours.Start, schoolHours.End));
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(9, 30)), (morning.Start, morning.End));
        Assert.Equal((new TimeOnly(15, 0), new TimeOnly(16, 30)), (afternoon.Start, afternoon.End));
        Assert.All([schoolHours, morning, afternoon], w => Assert.True(w.Days.IsSchoolDays));
    }

    [Fact]
    public void A_no_time_out_window_holds_on_a_school_day_but_not_in_the_autumn_holiday_or_at_the_weekend()
    {
        var morning = Site.FindWatchWindow("no-time-outs-morning")!;
        var nineAm = new TimeOnly(9, 0);

        Assert.True(morning.Contains(new DateOnly(2026, 11, 23), nineAm, Site.SchoolCalendar)); // Monday
        Assert.False(morning.Contains(new DateOnly(2026, 10, 19), nineAm, Site.SchoolCalendar)); // herfstvakantie
        Assert.False(morning.Contains(new DateOnly(2026, 11, 22), nineAm, Site.SchoolCalendar)); // Sunday
        Assert.False(morning.Contains(new DateOnly(2026, 11, 23), new TimeOnly(9, 30), Site.SchoolCalendar)); // end is exclusive
    }

    [Fact]
    public void Public_holidays_in_the_school_year_are_not_school_days()
    {
        Assert.False(Site.SchoolCalendar.IsSchoolDay(new DateOnly(2027, 3, 29))); // Tweede Paasdag
        Assert.False(Site.SchoolCalendar.IsSchoolDay(new DateOnly(2027, 4, 27))); // Koningsdag, in the meivakantie
        Assert.False(Site.SchoolCalendar.IsSchoolDay(new DateOnly(2027, 5, 7)));  // Friday after Hemelvaart
        Assert.True(Site.SchoolCalendar.IsSchoolDay(new DateOnly(2027, 5, 18)));
    }

    [Fact]
    public void Footage_is_kept_four_weeks()
    {
        Assert.Equal(new RetentionConfig(28, AllowLongerThanFourWeeks: false), Site.Retention);
        Assert.Equal(TimeSpan.FromDays(28), Site.Retention.Period);
    }

    [Fact]
    public void A_with_expression_rebuilds_the_lookups()
    {
        var withoutDomes = Site with { Cameras = Site.Cameras.Where(c => !c.IsDome).ToList() };

        Assert.Null(withoutDomes.FindCamera("dome-01"));
        Assert.NotNull(Site.FindCamera("dome-01"));
    }
}
