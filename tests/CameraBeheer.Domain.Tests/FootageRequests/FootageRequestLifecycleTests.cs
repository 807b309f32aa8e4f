using static CameraBeheer.Domain.Tests.FootageRequests.Requests;

namespace CameraBeheer.Domain.Tests.FootageRequests;

public sealed class FootageRequestLifecycleTests
{
    private static readonly DateTimeOffset Later = Now.AddHours(1);

    [Fact]
    public void Approval_of_a_demand_starts_the_export_at_once()
    {
        var approved = Submitted().Approve(Manager, "lawful and proportionate", Policy, Later);

        Assert.Equal(RequestStatus.Exporting, approved.Status);
        Assert.Equal([RequestStatus.Submitted, RequestStatus.Approved, RequestStatus.Exporting], approved.History.Select(s => s.Status));
        Assert.Equal(("Marieke de Vries", "manager", "lawful and proportionate"), (approved.History[1].By, approved.History[1].Role, approved.History[1].Reason));
        Assert.Equal(("Marieke de Vries", Later), (approved.ReviewedBy, approved.ReviewedAt));
    }

    [Fact]
    public void Approval_of_a_preservation_order_holds_and_never_exports()
    {
        var approved = Submitted(Valid("126ni")).Approve(Manager, "order received", Policy, Later);

        Assert.Equal(RequestStatus.Approved, approved.Status);
        Assert.False(approved.ReleasesHoldOnClose);
    }

    [Theory]
    [InlineData("Agent Jansen")]
    [InlineData(" agent jansen ")]
    public void The_submitter_cannot_approve_their_own_request_even_as_a_manager(string name)
    {
        var error = Refused(() => Submitted().Approve(new RequestActor(name, "manager"), "ok", Policy, Later));

        Assert.Equal(RequestErrorKind.PermissionDenied, error.Kind);
        Assert.StartsWith("four-eyes rule: Agent Jansen submitted fr-", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("police")]
    [InlineData("staff")]
    [InlineData("admin")]
    public void Only_a_manager_reviews_a_request(string role)
    {
        var reviewer = new RequestActor("Someone Else", role);

        Assert.Equal(RequestErrorKind.PermissionDenied, Refused(() => Submitted().Approve(reviewer, "ok", Policy, Later)).Kind);
        Assert.Equal(RequestErrorKind.PermissionDenied, Refused(() => Submitted().Reject(reviewer, "no", Later)).Kind);
    }

    [Fact]
    public void Approval_needs_a_reason()
    {
        Assert.Equal("reason", Refused(() => Submitted().Approve(Manager, " ", Policy, Later)).Field);
    }

    [Fact]
    public void A_request_cannot_be_approved_after_its_review_deadline()
    {
        var error = Refused(() => Submitted().Approve(Manager, "ok", Policy, Now.AddHours(72)));

        Assert.Equal(RequestErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("not reviewed within 3 days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_request_cannot_be_approved_naming_its_state()
    {
        var rejected = Submitted().Reject(Manager, "no legal basis given", Later);

        var error = Refused(() => rejected.Approve(Manager, "ok", Policy, Later));

        Assert.EndsWith("cannot be approved: it is rejected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_requester_can_cancel_and_only_before_export()
    {
        var submitted = Submitted();

        Assert.Equal(RequestErrorKind.PermissionDenied, Refused(() => submitted.Cancel(new RequestActor("Agent Bakker", "police"), null, Later)).Kind);
        Assert.Equal(RequestStatus.Cancelled, submitted.Cancel(Officer, null, Later).Status);
        var exporting = submitted.Approve(Manager, "ok", Policy, Later);
        Assert.Equal(RequestErrorKind.FailedPrecondition, Refused(() => exporting.Cancel(Officer, null, Later)).Kind);
    }

    [Fact]
    public void An_unreviewed_request_expires_at_72_hours_not_before()
    {
        var submitted = Submitted();

        Assert.Equal(RequestErrorKind.FailedPrecondition, Refused(() => submitted.Expire(Policy, Now.AddHours(72).AddTicks(-1))).Kind);
        var expired = submitted.Expire(Policy, Now.AddHours(72));
        Assert.Equal((RequestStatus.Expired, "camerabeheer", "system"), (expired.Status, expired.History[^1].By, expired.History[^1].Role));
    }

    [Fact]
    public void The_manager_is_alerted_at_48_hours_once()
    {
        var submitted = Submitted();

        Assert.Empty(submitted.DueAlerts(Policy, Now.AddHours(48).AddTicks(-1)));
        Assert.Equal([WorkflowRules.FootageRequestUnreviewed.Id], submitted.DueAlerts(Policy, Now.AddHours(48)));
        Assert.Empty(submitted.AlertRaised(WorkflowRules.FootageRequestUnreviewed.Id).DueAlerts(Policy, Now.AddHours(49)));
        Assert.Empty(submitted.Reject(Manager, "no", Now.AddHours(1)).DueAlerts(Policy, Now.AddHours(49)));
        Assert.Empty(submitted.DueAlerts(Policy, Now.AddHours(72))); // it expires instead: an alert would be stale
    }

    [Fact]
    public void An_urgent_demand_not_confirmed_in_writing_alerts_after_three_days()
    {
        var urgent = Submitted(Valid() with { Urgent = true }).Approve(Manager, "urgent, ok", Policy, Later);

        Assert.Empty(urgent.DueAlerts(Policy, Now.AddDays(3).AddTicks(-1)));
        Assert.Equal([WorkflowRules.FootageRequestConfirmationOverdue.Id], urgent.DueAlerts(Policy, Now.AddDays(3)));
        var confirmed = urgent.ConfirmInWriting(Officer, "PV-2026-441", Now.AddDays(1));
        Assert.Empty(confirmed.DueAlerts(Policy, Now.AddDays(4)));
        Assert.Equal("written confirmation received: PV-2026-441", confirmed.History[^1].Reason);
    }

    [Fact]
    public void A_finished_export_is_ready_for_14_days_with_its_files_and_gaps()
    {
        var exporting = Submitted().Approve(Manager, "ok", Policy, Later);
        var gap = new FootageGapNote("cam-03", Now.AddHours(-3), Now.AddHours(-2.5), "no footage: camera offline or segment missing");

        var ready = exporting.ExportSucceeded([new ExportedFile("cam-02.mp4", 10, "ab")], [gap], Now.AddHours(-3), Now.AddHours(-2), Policy, Later);

        Assert.Equal((RequestStatus.Ready, Later.AddDays(14)), (ready.Status, ready.ExportExpires));
        Assert.Equal([gap], ready.Gaps);
        Assert.Contains("1 gap(s)", ready.History[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_export_can_be_retried()
    {
        var failed = Submitted().Approve(Manager, "ok", Policy, Later).ExportFailed("ffmpeg could not read cam-02", Later);

        var retried = failed.Retry(Manager, Later);

        Assert.Equal((RequestStatus.Failed, "ffmpeg could not read cam-02"), (failed.Status, failed.FailureReason));
        Assert.Equal((RequestStatus.Exporting, 2), (retried.Status, retried.ExportAttempts));
    }

    [Fact]
    public void Only_the_requester_or_a_manager_may_download_and_only_when_ready()
    {
        var exporting = Submitted().Approve(Manager, "ok", Policy, Later);
        var ready = exporting.ExportSucceeded([], [], null, null, Policy, Later);

        ready.RequireMayDownload(Officer, Later);
        ready.RequireMayDownload(Manager, Later);
        Assert.Equal(RequestErrorKind.PermissionDenied, Refused(() => ready.RequireMayDownload(new RequestActor("Agent Bakker", "police"), Later)).Kind);
        Assert.Equal(RequestErrorKind.PermissionDenied, Refused(() => ready.RequireMayDownload(new RequestActor("Piet", "staff"), Later)).Kind);
        Assert.Contains("the export is still running", Refused(() => exporting.RequireMayDownload(Officer, Later)).Message, StringComparison.Ordinal);
        Assert.Contains("expired", Refused(() => ready.RequireMayDownload(Officer, Later.AddDays(14))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_complete_download_marks_the_request_downloaded()
    {
        var ready = Submitted().Approve(Manager, "ok", Policy, Later).ExportSucceeded([], [], null, null, Policy, Later);

        var downloaded = ready.Downloaded(Officer, "evidence", Later);

        Assert.Equal(RequestStatus.Downloaded, downloaded.Status);
        Assert.Same(downloaded, downloaded.Downloaded(Officer, "again", Later));
    }

    [Fact]
    public void Closing_ends_the_download_period_at_once()
    {
        var ready = Submitted().Approve(Manager, "ok", Policy, Later).ExportSucceeded([], [], null, null, Policy, Later);

        var closed = ready.Close(Officer, "delivered to the case file", Later.AddHours(1));

        Assert.Equal((RequestStatus.Closed, Later.AddHours(1)), (closed.Status, closed.ExportExpires));
        Assert.True(closed.ReleasesHoldOnClose);
        Assert.Equal(RequestErrorKind.PermissionDenied, Refused(() => ready.Close(new RequestActor("Agent Bakker", "police"), null, Later)).Kind);
    }

    [Fact]
    public void An_officer_sees_only_their_own_requests()
    {
        var request = Submitted();

        Assert.True(request.IsVisibleTo(Officer));
        Assert.True(request.IsVisibleTo(Manager));
        Assert.False(request.IsVisibleTo(new RequestActor("Agent Bakker", "police")));
    }

    [Fact]
    public void A_request_round_trips_through_its_stored_json()
    {
        var request = Submitted(Valid() with { Urgent = true })
            .Approve(Manager, "ok", Policy, Later)
            .ExportSucceeded([new ExportedFile("cam-02.mp4", 10, "ab")], [new FootageGapNote("cam-03", Now, Now, "gap")], Now, Now, Policy, Later);

        var back = JsonSerializer.Deserialize<FootageRequest>(JsonSerializer.Serialize(request))!;

        Assert.Equal(JsonSerializer.Serialize(request), JsonSerializer.Serialize(back));
        Assert.Equal(request.History, back.History);
        Assert.Equal(request.Files, back.Files);
    }

    [Theory]
    [InlineData("fr-2026-0a1b2c3d4e5f", true)]
    [InlineData("fr-2026-0A1B2C3D4E5F", false)]
    [InlineData("fr-2026-0a1b2c3d4e5", false)]
    [InlineData("hold-2026-0a1b2c3d4e", false)]
    [InlineData("fr-../../etc/passwd", false)]
    [InlineData("", false)]
    public void Request_ids_are_recognised_strictly(string id, bool valid)
    {
        Assert.Equal(valid, FootageRequest.IsId(id));
    }
}
