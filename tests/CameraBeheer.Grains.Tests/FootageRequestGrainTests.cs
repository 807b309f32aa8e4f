using System.Text.Json;
using CameraBeheer.Domain.FootageRequests;
using CameraBeheer.Domain.Retention;
using CameraBeheer.Storage.Retention;
using Microsoft.Extensions.Logging.Abstractions;
using static CameraBeheer.Grains.Tests.FootageRequestTestKit;

namespace CameraBeheer.Grains.Tests;

/// <summary>
/// The police footage-request grain in a real silo: the hold it places and releases, four eyes, deadlines on the fake
/// clock, the export reports, downloads, a restart, and the hold keeping footage from the real retention sweep. Each
/// test starts on a day of its own; request windows lie in the morning (07:00-08:00 UTC) except the sweep test's (21:00),
/// so no other test's hold can keep the footage that test expects to be deleted.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FootageRequestGrainTests(ClusterFixture fixture)
{
    private static readonly string Unreviewed = WorkflowRules.FootageRequestUnreviewed.Id;
    private static readonly string ConfirmationOverdue = WorkflowRules.FootageRequestConfirmationOverdue.Id;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // ---- Submit: the hold, the list, the audit log ----

    [Theory]
    [InlineData("126nd", null, "cam-02,cam-03")]
    [InlineData("126nf", "RC-2026-118", "cam-02,cam-06")]
    public async Task Submitting_a_demand_holds_exactly_its_cameras_and_window_as_a_police_request_and_lists_and_audits_it(
        string basis, string? authorisation, string cameras)
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var submission = Demand(now) with { Basis = basis, Authorisation = authorisation, Cameras = cameras.Split(',') };

        var request = await fixture.SubmitAsync(submission);

        Assert.Equal(RequestStatus.Submitted, request.Status);
        var hold = await fixture.HoldAsync(request.HoldId);
        Assert.Equal(cameras.Split(','), hold.Cameras);
        Assert.Equal((now.AddHours(-3), now.AddHours(-2)), (hold.From, hold.To));
        Assert.Equal((LegalHoldKind.PoliceRequest, Case, Officer.Name), (hold.Kind, hold.Reference, hold.PlacedBy));
        Assert.Equal(now + LegalHold.MaxPoliceRequest, hold.Expires);
        Assert.Contains(request.Id, hold.Reason, StringComparison.Ordinal);
        Assert.True(await fixture.HoldIsActiveAsync(request.HoldId));

        var listed = await fixture.ListedAsync(request.Id);
        Assert.Equal((Case, RequestStatus.Submitted, Officer.Name, now, 2), (listed.Case, listed.Status, listed.RequestedBy, listed.RequestedAt, listed.Cameras));

        var entry = Assert.Single(await fixture.AuditOfAsync(request.Id));
        Assert.Equal(("FootageRequests/Submit", Officer.Name, "police", now), (entry.Method, entry.Caller, entry.Role, entry.Time));
        Assert.Contains($"case {Case}, {basis}, {cameras}", entry.Outcome, StringComparison.Ordinal);
        Assert.Equal("Mishandeling bij de poort", entry.Reason);
    }

    [Fact]
    public async Task A_window_partly_older_than_four_weeks_is_held_from_the_retention_cutoff_and_the_missing_part_is_stated()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var cutoff = now - TimeSpan.FromDays(28);

        var request = await fixture.SubmitAsync(Demand(now) with { From = cutoff.AddHours(-1), To = cutoff.AddHours(1) });

        var hold = await fixture.HoldAsync(request.HoldId);
        Assert.Equal((cutoff, cutoff.AddHours(1)), (hold.From, hold.To));
        Assert.Equal((cutoff.AddHours(-1), cutoff), (request.From, request.AvailableFrom));
        Assert.Contains("four-week rule", request.MissingPart, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preservation_order_is_held_as_a_preservation_order_until_the_orders_own_expiry()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var expires = now.AddDays(30);

        var request = await fixture.SubmitAsync(PreservationOrder(now, expires));

        var hold = await fixture.HoldAsync(request.HoldId);
        Assert.Equal((LegalHoldKind.PreservationOrder, expires), (hold.Kind, hold.Expires));
        Assert.Equal(["cam-02", "cam-03"], hold.Cameras);
        Assert.Equal((now.AddHours(-3), now.AddHours(-2)), (hold.From, hold.To));
        Assert.Equal((LegalBasis.PreservationOrder, expires), (request.Basis, request.OrderExpires));
    }

    [Fact]
    public async Task Another_officer_cannot_read_the_request_while_the_requester_and_a_manager_can()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.SubmitAsync(Demand(now));

        await RefusedAsync(RequestErrorKind.PermissionDenied, () => fixture.Request(request.Id).GetAsync(OtherOfficer));

        Assert.Equal(request.Id, (await fixture.Request(request.Id).GetAsync(Officer)).Id);
        Assert.Equal(request.Id, (await fixture.Request(request.Id).GetAsync(Manager)).Id);
        await RefusedAsync(RequestErrorKind.NotFound, () => fixture.Request(FootageRequest.NewId(now)).GetAsync(Manager));
    }

    // ---- Four eyes ----

    [Theory]
    [InlineData("Agent Jansen")]
    [InlineData("agent jansen")]
    [InlineData("  AGENT JANSEN ")]
    [InlineData("Agent  Jansen")]
    [InlineData("Agent\u00A0Jansen")]
    public async Task A_manager_token_with_the_submitters_name_cannot_approve_the_request(string name)
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.SubmitAsync(Demand(now));

        var message = await RefusedAsync(RequestErrorKind.PermissionDenied,
            () => fixture.Request(request.Id).ApproveAsync(new RequestActor(name, "manager"), "Ik keur mijn eigen verzoek goed"));

        Assert.Contains("four-eyes rule", message, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Submitted, (await fixture.Request(request.Id).GetAsync(Manager)).Status);
        Assert.Equal(0, fixture.Exports.StartsOf(request.Id));
        Assert.DoesNotContain(await fixture.AuditOfAsync(request.Id), e => e.Method == "FootageRequests/Approve");
    }

    [Fact]
    public async Task The_submitter_cannot_reject_their_own_request_with_a_manager_token_either()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.SubmitAsync(Demand(now));

        var message = await RefusedAsync(RequestErrorKind.PermissionDenied,
            () => fixture.Request(request.Id).RejectAsync(new RequestActor("agent jansen", "manager"), "Toch niet nodig"));

        Assert.Contains("four-eyes rule", message, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Submitted, (await fixture.Request(request.Id).GetAsync(Manager)).Status);
        Assert.True(await fixture.HoldIsActiveAsync(request.HoldId));
    }

    [Fact]
    public async Task Another_manager_approves_a_demand_and_its_export_starts()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.SubmitAsync(Demand(now));
        fixture.Clock.Advance(TimeSpan.FromHours(5));

        var approved = await fixture.Request(request.Id).ApproveAsync(Manager, "Proportioneel: één uur van twee buitencamera's");

        Assert.Equal(RequestStatus.Exporting, approved.Status);
        Assert.Equal((Manager.Name, now.AddHours(5)), (approved.ReviewedBy, approved.ReviewedAt));
        Assert.Equal([RequestStatus.Submitted, RequestStatus.Approved, RequestStatus.Exporting], approved.History.Select(s => s.Status));
        Assert.Equal((Manager.Name, "manager", "Proportioneel: één uur van twee buitencamera's"),
            (approved.History[1].By, approved.History[1].Role, approved.History[1].Reason));
        Assert.Equal(1, fixture.Exports.StartsOf(request.Id));
        Assert.Equal(RequestStatus.Exporting, (await fixture.ListedAsync(request.Id)).Status);
        Assert.True(await fixture.HoldIsActiveAsync(request.HoldId));
        var entry = Assert.Single(await fixture.AuditOfAsync(request.Id), e => e.Method == "FootageRequests/Approve");
        Assert.Equal((Manager.Name, "exporting"), (entry.Caller, entry.Outcome));
    }

    [Fact]
    public async Task Approving_a_preservation_order_keeps_it_held_without_starting_an_export()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.SubmitAsync(PreservationOrder(now, now.AddDays(60)));

        var approved = await fixture.Request(request.Id).ApproveAsync(Manager, "Bevel tot bewaren ontvangen");

        Assert.Equal(RequestStatus.Approved, approved.Status);
        Assert.Equal(0, fixture.Exports.StartsOf(request.Id));
        Assert.True(await fixture.HoldIsActiveAsync(request.HoldId));
        Assert.Equal(RequestStatus.Approved, (await fixture.ListedAsync(request.Id)).Status);
    }

    // ---- Ending a request: the hold ----

    [Fact]
    public async Task Rejecting_a_request_releases_its_hold()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.SubmitAsync(Demand(now));
        fixture.Clock.Advance(TimeSpan.FromHours(1));

        var rejected = await fixture.Request(request.Id).RejectAsync(Manager, "Geen strafbaar feit genoemd");

        Assert.Equal(RequestStatus.Rejected, rejected.Status);
        var hold = await fixture.HoldAsync(request.HoldId);
        Assert.Equal((Manager.Name, now.AddHours(1)), (hold.ReleasedBy, hold.ReleasedAt));
        Assert.Contains("rejected", hold.ReleaseReason, StringComparison.Ordinal);
        Assert.False(await fixture.HoldIsActiveAsync(request.HoldId));
        Assert.Equal(RequestStatus.Rejected, (await fixture.ListedAsync(request.Id)).Status);
        var entry = Assert.Single(await fixture.AuditOfAsync(request.Id), e => e.Method == "FootageRequests/Reject");
        Assert.Equal((Manager.Name, "Geen strafbaar feit genoemd"), (entry.Caller, entry.Reason));
    }

    [Fact]
    public async Task The_requester_cancels_the_request_and_its_hold_is_released()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.SubmitAsync(Demand(now));

        var cancelled = await fixture.Request(request.Id).CancelAsync(new RequestActor(" agent jansen ", "police"), null);

        Assert.Equal(RequestStatus.Cancelled, cancelled.Status);
        Assert.Equal("cancelled by the requester", cancelled.History[^1].Reason);
        Assert.False(await fixture.HoldIsActiveAsync(request.HoldId));
        Assert.Equal(RequestStatus.Cancelled, (await fixture.ListedAsync(request.Id)).Status);
        Assert.Single(await fixture.AuditOfAsync(request.Id), e => e.Method == "FootageRequests/Cancel");
    }

    [Fact]
    public async Task Only_the_requester_can_cancel_another_officer_or_a_manager_is_refused_and_the_hold_stays()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.SubmitAsync(Demand(now));

        var message = await RefusedAsync(RequestErrorKind.PermissionDenied, () => fixture.Request(request.Id).CancelAsync(OtherOfficer, "Zaak loopt niet meer"));
        await RefusedAsync(RequestErrorKind.PermissionDenied, () => fixture.Request(request.Id).CancelAsync(Manager, null));

        Assert.Contains($"only {Officer.Name}", message, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Submitted, (await fixture.Request(request.Id).GetAsync(Officer)).Status);
        Assert.True(await fixture.HoldIsActiveAsync(request.HoldId));
    }

    [Fact]
    public async Task Closing_a_delivered_demand_releases_its_hold_and_ends_its_export_now()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.ReadyAsync(now);
        fixture.Clock.Advance(TimeSpan.FromDays(1));

        var closed = await fixture.Request(request.Id).CloseAsync(Officer, "Beelden overgedragen aan de recherche");

        Assert.Equal(RequestStatus.Closed, closed.Status);
        Assert.Equal(now.AddDays(1), closed.ExportExpires);
        var hold = await fixture.HoldAsync(request.HoldId);
        Assert.Equal((Officer.Name, now.AddDays(1)), (hold.ReleasedBy, hold.ReleasedAt));
        Assert.False(await fixture.HoldIsActiveAsync(request.HoldId));
        Assert.Equal(RequestStatus.Closed, (await fixture.ListedAsync(request.Id)).Status);
    }

    [Fact]
    public async Task Closing_a_preservation_order_keeps_its_hold_until_the_order_expires()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var expires = now.AddDays(60);
        var request = await fixture.SubmitAsync(PreservationOrder(now, expires));
        await fixture.Request(request.Id).ApproveAsync(Manager, "Bevel tot bewaren ontvangen");
        fixture.Clock.Advance(TimeSpan.FromDays(1));

        var closed = await fixture.Request(request.Id).CloseAsync(Officer, "Vordering volgt apart");

        Assert.Equal(RequestStatus.Closed, closed.Status);
        var hold = await fixture.HoldAsync(request.HoldId);
        Assert.Null(hold.ReleasedAt);
        Assert.Equal(expires, hold.Expires);
        Assert.True(await fixture.HoldIsActiveAsync(request.HoldId));
    }

    // ---- Deadlines ----

    [Fact]
    public async Task An_unreviewed_request_raises_no_alert_before_48_hours()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.SubmitAsync(Demand(now));
        fixture.Clock.Advance(TimeSpan.FromHours(48) - TimeSpan.FromMinutes(1));

        Assert.Equal(RequestStatus.Submitted, await fixture.Request(request.Id).CheckDeadlinesAsync());

        Assert.Empty(await fixture.AlertsAboutAsync(Unreviewed, request.Id));
    }

    [Fact]
    public async Task An_unreviewed_request_alerts_the_control_room_once_at_48_hours()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.SubmitAsync(Demand(now));
        fixture.Clock.Advance(TimeSpan.FromHours(48));

        Assert.Equal(RequestStatus.Submitted, await fixture.Request(request.Id).CheckDeadlinesAsync());

        var alert = Assert.Single(await fixture.AlertsAboutAsync(Unreviewed, request.Id));
        Assert.Equal((now.AddHours(48), AlertPriority.High, 1), (alert.FirstSeen, alert.Priority, alert.Count));

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(RequestStatus.Submitted, await fixture.Request(request.Id).CheckDeadlinesAsync());
        Assert.Equal(1, Assert.Single(await fixture.AlertsAboutAsync(Unreviewed, request.Id)).Count);
    }

    [Fact]
    public async Task An_unreviewed_request_expires_at_72_hours_and_its_hold_is_released()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.SubmitAsync(Demand(now));
        fixture.Clock.Advance(TimeSpan.FromHours(72) - TimeSpan.FromMinutes(1));
        Assert.Equal(RequestStatus.Submitted, await fixture.Request(request.Id).CheckDeadlinesAsync());
        Assert.True(await fixture.HoldIsActiveAsync(request.HoldId));

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(RequestStatus.Expired, await fixture.Request(request.Id).CheckDeadlinesAsync());

        var expired = await fixture.Request(request.Id).GetAsync(Officer);
        Assert.Equal((RequestStatus.Expired, "camerabeheer", now.AddHours(72)), (expired.Status, expired.History[^1].By, expired.History[^1].At));
        Assert.False(await fixture.HoldIsActiveAsync(request.HoldId));
        Assert.Equal(now.AddHours(72), (await fixture.HoldAsync(request.HoldId)).ReleasedAt);
        Assert.Equal(RequestStatus.Expired, (await fixture.ListedAsync(request.Id)).Status);
        Assert.Single(await fixture.AuditOfAsync(request.Id), e => e.Method == "FootageRequests/Expire");
        await RefusedAsync(RequestErrorKind.FailedPrecondition, () => fixture.Request(request.Id).ApproveAsync(Manager, "Te laat"));
    }

    [Fact]
    public async Task An_urgent_oral_demand_not_confirmed_in_writing_alerts_the_control_room_after_3_days()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.SubmitAsync(Demand(now, urgent: true));
        await fixture.Request(request.Id).ApproveAsync(Manager, "Spoedeisend, mondeling gevorderd");
        fixture.Clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        await fixture.Request(request.Id).CheckDeadlinesAsync();
        Assert.Empty(await fixture.AlertsAboutAsync(ConfirmationOverdue, request.Id));

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await fixture.Request(request.Id).CheckDeadlinesAsync();
        await fixture.Request(request.Id).CheckDeadlinesAsync();

        var alert = Assert.Single(await fixture.AlertsAboutAsync(ConfirmationOverdue, request.Id));
        Assert.Equal((now.AddDays(3), 1), (alert.FirstSeen, alert.Count));
        Assert.Empty(await fixture.AlertsAboutAsync(Unreviewed, request.Id));
    }

    [Fact]
    public async Task An_urgent_oral_demand_confirmed_in_writing_in_time_raises_no_confirmation_alert()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.SubmitAsync(Demand(now, urgent: true));
        await fixture.Request(request.Id).ApproveAsync(Manager, "Spoedeisend, mondeling gevorderd");
        fixture.Clock.Advance(TimeSpan.FromDays(2));
        var confirmed = await fixture.Request(request.Id).ConfirmInWritingAsync(Manager, "PV-2026-0042");
        fixture.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));

        await fixture.Request(request.Id).CheckDeadlinesAsync();

        Assert.Equal((now.AddDays(2), "PV-2026-0042"), (confirmed.ConfirmedInWritingAt, confirmed.ConfirmationReference));
        Assert.Empty(await fixture.AlertsAboutAsync(ConfirmationOverdue, request.Id));
        Assert.Single(await fixture.AuditOfAsync(request.Id), e => e.Method == "FootageRequests/ConfirmInWriting");
    }

    // ---- Export reports ----

    [Fact]
    public async Task A_successful_export_makes_the_request_ready_with_its_files_and_gaps_for_14_days_from_ready()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.ApprovedDemandAsync(now);
        fixture.Clock.Advance(TimeSpan.FromMinutes(20));
        var report = Report(request);

        await fixture.Request(request.Id).ExportSucceededAsync(report);

        var ready = await fixture.Request(request.Id).GetAsync(Officer);
        Assert.Equal(RequestStatus.Ready, ready.Status);
        Assert.Equal(report.Files, ready.Files);
        Assert.Equal(report.Gaps, ready.Gaps);
        Assert.Equal((report.ActualFrom, report.ActualTo), (ready.ActualFrom, ready.ActualTo));
        Assert.Equal(now.AddMinutes(20).AddDays(14), ready.ExportExpires);
        Assert.Contains("1 gap(s)", ready.History[^1].Reason, StringComparison.Ordinal);
        var listed = await fixture.ListedAsync(request.Id);
        Assert.Equal((RequestStatus.Ready, now.AddMinutes(20).AddDays(14)), (listed.Status, listed.ExportExpires));
        var entry = Assert.Single(await fixture.AuditOfAsync(request.Id), e => e.Method == "FootageRequests/ExportReady");
        Assert.Equal("ready: 2 files, 2000001 bytes, 1 gaps", entry.Outcome);
    }

    [Fact]
    public async Task A_failed_export_shows_its_reason_and_a_retry_starts_the_export_again()
    {
        var request = await fixture.ApprovedDemandAsync(fixture.MoveClockToFreshDay(TimeSpan.FromHours(10)));

        await fixture.Request(request.Id).ExportFailedAsync(1, "ffmpeg exited with code 1: segment unreadable");

        var failed = await fixture.Request(request.Id).GetAsync(Officer);
        Assert.Equal((RequestStatus.Failed, "ffmpeg exited with code 1: segment unreadable"), (failed.Status, failed.FailureReason));
        Assert.Equal(RequestStatus.Failed, (await fixture.ListedAsync(request.Id)).Status);

        var retried = await fixture.Request(request.Id).RetryAsync(Manager);

        Assert.Equal((RequestStatus.Exporting, 2), (retried.Status, retried.ExportAttempts));
        Assert.Equal(2, fixture.Exports.StartsOf(request.Id));
        Assert.Equal(RequestStatus.Exporting, (await fixture.ListedAsync(request.Id)).Status);
        Assert.True(await fixture.HoldIsActiveAsync(request.HoldId));
    }

    [Fact]
    public async Task A_late_success_report_for_a_request_no_longer_exporting_changes_nothing()
    {
        var request = await fixture.ApprovedDemandAsync(fixture.MoveClockToFreshDay(TimeSpan.FromHours(10)));
        await fixture.Request(request.Id).ExportFailedAsync(1, "host restarted during the export");
        var failed = await fixture.Request(request.Id).GetAsync(Manager);

        await fixture.Request(request.Id).ExportSucceededAsync(Report(request));

        var after = await fixture.Request(request.Id).GetAsync(Manager);
        Assert.Equal(RequestStatus.Failed, after.Status);
        Assert.Equal(failed.History, after.History);
        Assert.Empty(after.Files);
        Assert.Null(after.ExportExpires);
        Assert.DoesNotContain(await fixture.AuditOfAsync(request.Id), e => e.Method == "FootageRequests/ExportReady");
    }

    [Fact]
    public async Task A_late_report_of_an_abandoned_attempt_does_not_end_the_retry()
    {
        var request = await fixture.ApprovedDemandAsync(fixture.MoveClockToFreshDay(TimeSpan.FromHours(10)));
        await fixture.Request(request.Id).ExportFailedAsync(1, "ffmpeg was killed");
        await fixture.Request(request.Id).RetryAsync(Manager);

        await fixture.Request(request.Id).ExportSucceededAsync(Report(request, attempt: 1));
        await fixture.Request(request.Id).ExportFailedAsync(1, "a second report of the first attempt");

        var retrying = await fixture.Request(request.Id).GetAsync(Manager);
        Assert.Equal((RequestStatus.Exporting, 2), (retrying.Status, retrying.ExportAttempts));
        await fixture.Request(request.Id).ExportSucceededAsync(Report(request, attempt: 2));
        Assert.Equal(RequestStatus.Ready, (await fixture.Request(request.Id).GetAsync(Manager)).Status);
    }

    // ---- Downloads ----

    [Fact]
    public async Task The_requester_and_a_manager_may_download_a_ready_export_and_each_download_is_audited()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.ReadyAsync(now);

        var byOfficer = await fixture.Request(request.Id).BeginDownloadAsync(Officer, "Voor het dossier");
        var byManager = await fixture.Request(request.Id).BeginDownloadAsync(Manager, "Overdracht op USB aan de recherche");

        Assert.Equal((RequestStatus.Ready, RequestStatus.Ready), (byOfficer.Status, byManager.Status));
        var downloads = (await fixture.AuditOfAsync(request.Id)).Where(e => e.Method == "FootageRequests/Download").ToList();
        Assert.Equal([(Officer.Name, "started", "Voor het dossier"), (Manager.Name, "started", "Overdracht op USB aan de recherche")],
            downloads.Select(e => (e.Caller, e.Outcome, e.Reason)));
    }

    [Fact]
    public async Task Another_officer_or_staff_may_not_download_the_export()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.ReadyAsync(now);

        var message = await RefusedAsync(RequestErrorKind.PermissionDenied, () => fixture.Request(request.Id).BeginDownloadAsync(OtherOfficer, "Nieuwsgierig"));
        await RefusedAsync(RequestErrorKind.PermissionDenied, () => fixture.Request(request.Id).BeginDownloadAsync(new RequestActor("Els Mulder", "staff"), "Even kijken"));
        await RefusedAsync(RequestErrorKind.PermissionDenied, () => fixture.Request(request.Id).CompleteDownloadAsync(OtherOfficer, "Nieuwsgierig"));

        Assert.Contains($"only {Officer.Name}", message, StringComparison.Ordinal);
        Assert.DoesNotContain(await fixture.AuditOfAsync(request.Id), e => e.Method == "FootageRequests/Download");
        Assert.Equal(RequestStatus.Ready, (await fixture.Request(request.Id).GetAsync(Manager)).Status);
    }

    [Fact]
    public async Task Nothing_can_be_downloaded_while_the_export_runs()
    {
        var request = await fixture.ApprovedDemandAsync(fixture.MoveClockToFreshDay(TimeSpan.FromHours(10)));

        var message = await RefusedAsync(RequestErrorKind.FailedPrecondition, () => fixture.Request(request.Id).BeginDownloadAsync(Officer, "Voor het dossier"));

        Assert.Contains("the export is still running", message, StringComparison.Ordinal);
        Assert.DoesNotContain(await fixture.AuditOfAsync(request.Id), e => e.Method == "FootageRequests/Download");
    }

    [Fact]
    public async Task Completing_a_download_moves_a_ready_request_to_downloaded_once()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var request = await fixture.ReadyAsync(now);
        fixture.Clock.Advance(TimeSpan.FromHours(2));

        var first = await fixture.Request(request.Id).CompleteDownloadAsync(Officer, "Voor het dossier");
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var second = await fixture.Request(request.Id).CompleteDownloadAsync(Manager, "Tweede kopie voor de officier van justitie");

        Assert.Equal((RequestStatus.Downloaded, RequestStatus.Downloaded), (first.Status, second.Status));
        var step = Assert.Single(second.History, s => s.Status == RequestStatus.Downloaded);
        Assert.Equal((Officer.Name, now.AddHours(2)), (step.By, step.At));
        Assert.Equal(RequestStatus.Downloaded, (await fixture.ListedAsync(request.Id)).Status);
        Assert.Equal([Officer.Name, Manager.Name],
            (await fixture.AuditOfAsync(request.Id)).Where(e => e is { Method: "FootageRequests/Download", Outcome: "complete" }).Select(e => e.Caller));
    }

    // ---- Restart ----

    [Fact]
    public async Task After_a_restart_requests_and_their_history_are_intact_and_a_running_export_resumes()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var ready = await fixture.ReadyAsync(now);
        var exporting = await fixture.SubmitAsync(Demand(now));
        exporting = await fixture.Request(exporting.Id).ApproveAsync(OtherManager, "Proportioneel");

        await fixture.RestartAsync();

        var readyAfter = await fixture.Request(ready.Id).GetAsync(Officer);
        Assert.Equal((RequestStatus.Ready, ready.HoldId, ready.ExportExpires), (readyAfter.Status, readyAfter.HoldId, readyAfter.ExportExpires));
        Assert.Equal(ready.History, readyAfter.History);
        Assert.Equal(ready.Files, readyAfter.Files);
        Assert.Equal(ready.Gaps, readyAfter.Gaps);
        Assert.Equal(ready.Cameras, readyAfter.Cameras);
        var exportingAfter = await fixture.Request(exporting.Id).GetAsync(Officer);
        Assert.Equal((RequestStatus.Exporting, OtherManager.Name), (exportingAfter.Status, exportingAfter.ReviewedBy));
        Assert.Equal(exporting.History, exportingAfter.History);
        Assert.Equal(RequestStatus.Ready, (await fixture.ListedAsync(ready.Id)).Status);
        Assert.True(await fixture.HoldIsActiveAsync(exporting.HoldId));

        await fixture.Request(exporting.Id).ResumeAsync();
        await fixture.Request(ready.Id).ResumeAsync();

        Assert.Equal(2, fixture.Exports.StartsOf(exporting.Id));
        Assert.Equal(1, fixture.Exports.StartsOf(ready.Id));
    }

    // ---- The hold against the real retention sweep ----

    [Theory]
    [InlineData("close")]
    [InlineData("reject")]
    public async Task Footage_27_days_old_under_a_request_outlives_four_weeks_and_the_first_sweep_after_the_request_ends_deletes_it_with_a_receipt(string end)
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(21));
        var segmentStart = now.AddDays(-27);
        var segment = FootageLayout.BlobName(Site, "cam-02", segmentStart);
        await fixture.Store.PutAsync(segment, new byte[] { 0, 0, 0, 24, (byte)'f', (byte)'t', (byte)'y', (byte)'p' }, BlobCondition.None, Ct);
        var request = await fixture.SubmitAsync(Demand(now) with { Cameras = ["cam-02"], From = segmentStart.AddMinutes(-5), To = segmentStart.AddMinutes(5) });
        fixture.Clock.Advance(TimeSpan.FromDays(2));
        var sweeper = new RetentionSweeper(fixture.Store, fixture.Clock, NullLogger<RetentionSweeper>.Instance);

        var whileHeld = await SweepAsync(sweeper);

        Assert.True(await ExistsAsync(segment), "the held segment, 29 days old, was deleted");
        Assert.True(whileHeld.KeptForHolds >= 1, $"kept for holds: {whileHeld.KeptForHolds}");
        Assert.Empty(await ReceiptsNamingAsync(segment));

        if (end == "close")
        {
            await fixture.Request(request.Id).ApproveAsync(Manager, "Proportioneel");
            await fixture.Request(request.Id).ExportSucceededAsync(Report(request));
            await fixture.Request(request.Id).CloseAsync(Officer, "Beelden overgedragen");
        }
        else
        {
            await fixture.Request(request.Id).RejectAsync(Manager, "Geen strafbaar feit genoemd");
        }
        var afterEnd = await SweepAsync(sweeper);

        Assert.False(await ExistsAsync(segment), "the segment outlived its released hold");
        Assert.True(afterEnd.ObjectsDeleted >= 1);
        var receipt = Assert.Single(await ReceiptsNamingAsync(segment));
        Assert.Equal(("footage", "cam-02"), (receipt.GetProperty("kind").GetString(), receipt.GetProperty("source").GetString()));
        Assert.Contains(RetentionReceipts.FileOf(Site, fixture.Clock.GetUtcNow()), afterEnd.ReceiptFiles);
    }

    private async Task<SweepResult> SweepAsync(RetentionSweeper sweeper)
    {
        var holds = await fixture.Grains.GetGrain<ILegalHoldsGrain>(Site).ListAsync(includeEnded: false);
        return await sweeper.SweepAsync(Site, RetentionPolicy.FourWeeks, [.. holds.Select(h => h.ToDomain())], Ct);
    }

    private async Task<bool> ExistsAsync(string blob) => await fixture.Store.GetAsync(blob, Ct) is not null;

    /// <summary>The receipts of today's sweeps (the file of the UTC day) that list <paramref name="blob"/>.</summary>
    private async Task<List<JsonElement>> ReceiptsNamingAsync(string blob)
    {
        var file = await fixture.Store.GetAsync(RetentionReceipts.FileOf(Site, fixture.Clock.GetUtcNow()), Ct);
        var receipts = new List<JsonElement>();
        if (file is null) return receipts;
        foreach (var line in Encoding.UTF8.GetString(file.Content.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var receipt = JsonDocument.Parse(line);
            if (receipt.RootElement.GetProperty("objects").EnumerateArray().Any(o => o.GetString() == blob))
                receipts.Add(receipt.RootElement.Clone());
        }
        return receipts;
    }
}
