using static CameraBeheer.Grains.Tests.Desk.DeskTestKit;

namespace CameraBeheer.Grains.Tests.Desk;

/// <summary>Time-outs: the no-time-out windows on the silo's clock, the manager's override, and the end-of-day alert.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TimeOutTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_time_out_at_0815_on_a_school_Tuesday_is_refused_with_the_next_allowed_time_and_allowed_at_0930()
    {
        var at = fixture.MoveClockToLocal(IsSchoolTuesday, new TimeOnly(8, 15));
        var site = OwnSite();
        var resident = await fixture.NewResidentAsync(site);
        var e = await RefusedAsync(() => fixture.TimeOuts(site).StartAsync(TimeOut(resident.Id)), DeskErrorKind.NotAllowedNow, null);
        Assert.Equal("no time-outs between 08:00 and 09:30 (pupils arriving); next allowed at 09:30", e.Message);
        Assert.Empty(await fixture.TimeOuts(site).ListAsync(includeEnded: true));

        fixture.Clock.SetUtcNow(at.AddMinutes(75));
        var timeOut = await fixture.TimeOuts(site).StartAsync(TimeOut(resident.Id));
        Assert.Equal(at.AddMinutes(75 + 120), timeOut.ExpectedReturn);
    }

    [Fact]
    public async Task A_time_out_at_0815_on_a_Saturday_is_allowed()
    {
        fixture.MoveClockToLocal(IsSaturday, new TimeOnly(8, 15));
        var site = OwnSite();
        var resident = await fixture.NewResidentAsync(site);
        Assert.Null((await fixture.TimeOuts(site).StartAsync(TimeOut(resident.Id))).OverrideReason);
    }

    [Fact]
    public async Task A_manager_may_override_the_window_with_a_reason_that_is_kept_and_staff_may_not()
    {
        fixture.MoveClockToLocal(IsSchoolTuesday, new TimeOnly(15, 30));
        var site = OwnSite();
        var resident = await fixture.NewResidentAsync(site);
        var e = await RefusedAsync(() => fixture.TimeOuts(site).StartAsync(TimeOut(resident.Id, overrideReason: "dreigend gedrag")), DeskErrorKind.NotAllowedNow, null);
        Assert.Contains("next allowed at 16:30", e.Message, StringComparison.Ordinal);

        var timeOut = await fixture.TimeOuts(site).StartAsync(TimeOut(resident.Id, overrideReason: "dreigend gedrag, politie ingelicht", manager: true));
        Assert.Equal("dreigend gedrag, politie ingelicht", timeOut.OverrideReason);
        Assert.Equal("Marco (manager)", timeOut.StartedBy);
    }

    [Fact]
    public async Task Bad_fields_of_a_time_out_are_refused_naming_each_field()
    {
        fixture.MoveClockToLocal(IsSaturday, new TimeOnly(11, 0));
        var site = OwnSite();
        var resident = await fixture.NewResidentAsync(site);
        var timeOuts = fixture.TimeOuts(site);
        await RefusedAsync(() => timeOuts.StartAsync(TimeOut("r-99")), DeskErrorKind.NotFound, "resident");
        await RefusedAsync(() => timeOuts.StartAsync(TimeOut("bewoner")), DeskErrorKind.InvalidArgument, "resident");
        await RefusedAsync(() => timeOuts.StartAsync(TimeOut(resident.Id, hours: 0.5)), DeskErrorKind.InvalidArgument, "expected_minutes");
        await RefusedAsync(() => timeOuts.StartAsync(TimeOut(resident.Id, hours: 14)), DeskErrorKind.InvalidArgument, "expected_minutes");
        await RefusedAsync(() => timeOuts.StartAsync(TimeOut(resident.Id) with { Reason = " " }), DeskErrorKind.InvalidArgument, "reason");
        await RefusedAsync(() => timeOuts.StartAsync(TimeOut(resident.Id) with { Category = "dronken" }), DeskErrorKind.InvalidArgument, "category");
        var first = await timeOuts.StartAsync(TimeOut(resident.Id));
        await RefusedAsync(() => timeOuts.StartAsync(TimeOut(resident.Id)), DeskErrorKind.NotAllowedNow, "resident");
        await timeOuts.EndAsync(first.Id, Staff);
        await RefusedAsync(() => timeOuts.EndAsync(first.Id, Staff), DeskErrorKind.NotAllowedNow, "id");
        await RefusedAsync(() => timeOuts.EndAsync("t-9999", Staff), DeskErrorKind.NotFound, "id");
    }

    [Fact]
    public async Task On_the_first_school_day_after_each_daylight_saving_change_0815_local_is_refused_and_0930_allowed()
    {
        // The fixture's clock only goes forward: take the next spring change, then the autumn change after it.
        foreach (var month in new[] { 3, 10 })
        {
            var at = fixture.MoveClockToLocal(date => IsFirstSchoolDayAfterClocksChange(date, month), new TimeOnly(8, 15));
            var site = OwnSite();
            var resident = await fixture.NewResidentAsync(site);
            var e = await RefusedAsync(() => fixture.TimeOuts(site).StartAsync(TimeOut(resident.Id)), DeskErrorKind.NotAllowedNow, null);
            Assert.EndsWith("next allowed at 09:30", e.Message, StringComparison.Ordinal);
            fixture.Clock.SetUtcNow(at.AddMinutes(75));
            await fixture.TimeOuts(site).StartAsync(TimeOut(resident.Id));
        }
    }

    private static bool IsFirstSchoolDayAfterClocksChange(DateOnly date, int month)
    {
        if (!AlertTestKit.IsSchoolDay(date)) return false;
        for (var day = date.AddDays(-1); ; day = day.AddDays(-1))
        {
            if (day.DayOfWeek == DayOfWeek.Sunday) return day.Month == month && day.AddDays(7).Month != month;
            if (AlertTestKit.IsSchoolDay(day)) return false;
        }
    }

    [Fact]
    public async Task A_time_out_still_open_at_the_end_of_the_day_raises_the_alert_at_midnight_and_an_ended_one_does_not()
    {
        var start = fixture.MoveClockToLocal(IsSaturday, new TimeOnly(20, 0));
        var site = AlertTestKit.Site;
        var open = await fixture.TimeOuts(site).StartAsync(TimeOut((await fixture.NewResidentAsync(site)).Id));
        var ended = await fixture.TimeOuts(site).StartAsync(TimeOut((await fixture.NewResidentAsync(site)).Id));
        await fixture.TimeOuts(site).AcknowledgeAsync(open.NotificationId, "Agent Bakker");
        await fixture.TimeOuts(site).AcknowledgeAsync(ended.NotificationId, "Agent Bakker");
        await fixture.TimeOuts(site).EndAsync(ended.Id, Staff);

        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromHours(4) - TimeSpan.FromSeconds(1), () => fixture.TimeOuts(site).ListAsync(false));
        Assert.Empty(await fixture.AlertsAboutAsync(WorkflowRules.TimeOutOpenAtEndOfDay.Id, open.Id));
        await fixture.AdvanceAndWaitForTimersAsync(TimeOutGrain.CheckInterval, () => fixture.TimeOuts(site).ListAsync(false));
        Assert.Equal(start.AddHours(4), Assert.Single(await fixture.AlertsAboutAsync(WorkflowRules.TimeOutOpenAtEndOfDay.Id, open.Id)).FirstSeen);
        Assert.Empty(await fixture.AlertsAboutAsync(WorkflowRules.TimeOutOpenAtEndOfDay.Id, ended.Id));
        await fixture.TimeOuts(site).EndAsync(open.Id, Staff);
    }
}
