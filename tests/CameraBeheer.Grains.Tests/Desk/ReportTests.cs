using static CameraBeheer.Grains.Tests.Desk.DeskTestKit;

namespace CameraBeheer.Grains.Tests.Desk;

/// <summary>Reports from schools and neighbours: the 48-hour alert before the 72-hour promise, and clear refusals.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReportTests(ClusterFixture fixture)
{
    private static NewReport School(string? zone = null, bool hold = false) =>
        new("Poort Lyceum", "school", "conciërge, 036-1234567", "Bewoner op het schoolplein tijdens de pauze", null, zone, hold, Staff);

    [Fact]
    public async Task A_report_without_feedback_raises_the_alert_at_48_hours_not_before_and_an_answered_one_none()
    {
        var received = fixture.MoveClockToLocal(_ => true, new TimeOnly(10, 0));
        var site = AlertTestKit.Site;
        var open = await fixture.Reports(site).AddAsync(School());
        var answered = await fixture.Reports(site).AddAsync(School());
        await fixture.Reports(site).AnswerAsync(answered.Id, "Bewoner aangesproken; school gebeld", Staff);

        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromHours(48) - TimeSpan.FromSeconds(1), () => fixture.Reports(site).ListAsync(true));
        Assert.Empty(await fixture.AlertsAboutAsync(WorkflowRules.ReportFeedbackDue.Id, open.Id));
        await fixture.AdvanceAndWaitForTimersAsync(ReportsGrain.CheckInterval, () => fixture.Reports(site).ListAsync(true));
        Assert.Equal(received.AddHours(48), Assert.Single(await fixture.AlertsAboutAsync(WorkflowRules.ReportFeedbackDue.Id, open.Id)).FirstSeen);
        Assert.Empty(await fixture.AlertsAboutAsync(WorkflowRules.ReportFeedbackDue.Id, answered.Id));
        await fixture.Reports(site).AnswerAsync(open.Id, "Besproken in het overleg", Staff);
    }

    [Fact]
    public async Task Bad_fields_of_a_report_are_refused_naming_each_field()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var reports = fixture.Reports(OwnSite());
        await RefusedAsync(() => reports.AddAsync(School() with { Organisation = "" }), DeskErrorKind.InvalidArgument, "organisation");
        await RefusedAsync(() => reports.AddAsync(School() with { ReporterKind = "politie" }), DeskErrorKind.InvalidArgument, "reporter_kind");
        await RefusedAsync(() => reports.AddAsync(School() with { Contact = "" }), DeskErrorKind.InvalidArgument, "contact");
        await RefusedAsync(() => reports.AddAsync(School() with { What = new string('x', 1001) }), DeskErrorKind.InvalidArgument, "what");
        await RefusedAsync(() => reports.AddAsync(School() with { OccurredAt = now.AddHours(1) }), DeskErrorKind.InvalidArgument, "occurred_at");
        await RefusedAsync(() => reports.AddAsync(School() with { OccurredAt = now.AddDays(-40) }), DeskErrorKind.InvalidArgument, "occurred_at");
        await RefusedAsync(() => reports.AddAsync(School("Schoolplein!")), DeskErrorKind.InvalidArgument, "zone");
        await RefusedAsync(() => reports.AddAsync(School("nergens")), DeskErrorKind.NotFound, "zone");
        await RefusedAsync(() => reports.AddAsync(School(hold: true)), DeskErrorKind.InvalidArgument, "zone");
        var report = await reports.AddAsync(School("schoolplein-poort-lyceum", hold: true));
        await RefusedAsync(() => reports.AnswerAsync(report.Id, "", Staff), DeskErrorKind.InvalidArgument, "feedback");
        await RefusedAsync(() => reports.AnswerAsync("rp-9999", "gedaan", Staff), DeskErrorKind.NotFound, "id");
        await RefusedAsync(() => reports.LinkHoldAsync(report.Id, "hold-2026-000000000000", "Marco"), DeskErrorKind.NotFound, "hold");
        await reports.AnswerAsync(report.Id, "gedaan", Staff);
        await RefusedAsync(() => reports.AnswerAsync(report.Id, "nog eens", Staff), DeskErrorKind.NotAllowedNow, "id");
    }
}
