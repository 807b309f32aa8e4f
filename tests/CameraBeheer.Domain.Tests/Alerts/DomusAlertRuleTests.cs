using static CameraBeheer.Domain.Tests.WatchWindows.Instants;

namespace CameraBeheer.Domain.Tests.Alerts;

/// <summary>The rules of the bundled Domus Almere Poort file, evaluated at instants in Amsterdam time.</summary>
public sealed class DomusAlertRuleTests
{
    private static readonly SiteConfiguration Site = SiteConfigurationLoader.LoadFile(RepositoryFiles.DomusSiteFile);
    private static readonly AlertRules Rules = AlertRules.For(Site, "domus-almere-poort");

    [Fact]
    public void Grounds_motion_on_a_school_day_at_1000_fires_the_high_school_hours_rule()
    {
        var rule = Assert.Single(Rules.Firing(RuleTrigger.Motion, "terrein", Local(2026, 11, 16, 10, 0))); // Monday

        Assert.Equal("terrein-schooltijd", rule.Id);
        Assert.Equal(AlertPriority.High, rule.Priority);
    }

    [Fact]
    public void Grounds_motion_at_1000_on_a_Saturday_fires_nothing()
    {
        Assert.Empty(Rules.Firing(RuleTrigger.Motion, "terrein", Local(2026, 11, 21, 10, 0)));
    }

    [Fact]
    public void Grounds_motion_at_1000_in_the_Christmas_holiday_fires_nothing()
    {
        Assert.Empty(Rules.Firing(RuleTrigger.Motion, "terrein", Local(2026, 12, 22, 10, 0))); // Tuesday, kerstvakantie
    }

    [Theory]
    [InlineData(2026, 11, 16, 23, 30)] // Monday evening
    [InlineData(2026, 11, 22, 3, 0)] // Sunday night, after Saturday 23:00
    [InlineData(2026, 12, 24, 5, 59)] // in the holiday: the night window holds every day
    public void Grounds_motion_at_night_fires_the_medium_night_rule(int year, int month, int day, int hour, int minute)
    {
        var rule = Assert.Single(Rules.Firing(RuleTrigger.Motion, "terrein", Local(year, month, day, hour, minute)));

        Assert.Equal("terrein-nacht", rule.Id);
        Assert.Equal(AlertPriority.Medium, rule.Priority);
    }

    [Fact]
    public void Grounds_motion_at_0600_is_outside_the_night_window_and_outside_school_hours()
    {
        Assert.Empty(Rules.Firing(RuleTrigger.Motion, "terrein", Local(2026, 11, 17, 6, 0)));
    }

    [Theory]
    [InlineData("schoolplein-aeres")]
    [InlineData("schoolplein-de-kleine-wereld")]
    [InlineData("schoolplein-poort-lyceum")]
    [InlineData("schoolplein-roc-poort")]
    public void Motion_in_each_school_yard_during_school_hours_is_high(string zone)
    {
        var rule = Assert.Single(Rules.Firing(RuleTrigger.Motion, zone, Local(2026, 11, 18, 12, 0)));

        Assert.Equal(AlertPriority.High, rule.Priority);
        Assert.Empty(Rules.Firing(RuleTrigger.Motion, zone, Local(2026, 11, 18, 17, 0)));
    }

    [Fact]
    public void Loitering_on_the_bike_path_is_ten_minutes_of_continuous_motion_at_any_time()
    {
        var rule = Assert.Single(Rules.RulesFor(RuleTrigger.MotionContinuous, "fietspad"));

        Assert.Equal(TimeSpan.FromMinutes(10), rule.Threshold);
        Assert.Equal(AlertPriority.Medium, rule.Priority);
        Assert.Null(rule.Window);
        Assert.Empty(Rules.Firing(RuleTrigger.Motion, "fietspad", Local(2026, 11, 16, 10, 0)));
    }

    [Fact]
    public void A_forced_gate_is_critical_at_any_time()
    {
        var rule = Assert.Single(Rules.Firing(RuleTrigger.GateForced, "hoofdingang", Local(2026, 11, 22, 3, 0))); // Sunday 03:00

        Assert.Equal(AlertPriority.Critical, rule.Priority);
        Assert.Equal(AlertPlaceKind.Gate, rule.PlaceKind);
    }

    [Fact]
    public void A_gate_held_open_over_60_seconds_is_medium()
    {
        var rule = Assert.Single(Rules.RulesFor(RuleTrigger.GateHeldOpen, "hoofdingang"));

        Assert.Equal(TimeSpan.FromSeconds(60), rule.Threshold);
        Assert.Equal(AlertPriority.Medium, rule.Priority);
    }

    [Theory]
    [InlineData("cam-01")]
    [InlineData("cam-17")]
    [InlineData("dome-04")]
    public void Every_camera_offline_over_2_minutes_is_a_medium_technical_alert(string camera)
    {
        var rule = Assert.Single(Rules.RulesFor(RuleTrigger.CameraOffline, camera));

        Assert.Equal(TimeSpan.FromMinutes(2), rule.Threshold);
        Assert.Equal(AlertPriority.Medium, rule.Priority);
        Assert.Equal(AlertCategory.Technical, rule.Category);
    }

    [Fact]
    public void Unacknowledged_high_alerts_escalate_after_3_minutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(3), Rules.Escalation.After);
    }

    [Fact]
    public void A_grain_of_another_site_gets_no_rules()
    {
        Assert.Same(AlertRules.None, AlertRules.For(Site, "other-site"));
        Assert.Same(AlertRules.None, AlertRules.For(null, "domus-almere-poort"));
        Assert.Empty(AlertRules.None.Firing(RuleTrigger.Motion, "terrein", Local(2026, 11, 16, 10, 0)));
    }
}
