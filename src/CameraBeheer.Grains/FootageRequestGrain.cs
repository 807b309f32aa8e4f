using CameraBeheer.Domain.FootageRequests;
using CameraBeheer.Domain.Retention;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Grains;

/// <summary>The stored request; null until it is submitted.</summary>
[GenerateSerializer]
public sealed class FootageRequestGrainState
{
    [Id(0)] public FootageRequest? Request { get; set; }
}

/// <summary>
/// One police request: checks each change by the rules of <see cref="FootageRequest"/>, writes it to the audit log,
/// saves it, keeps the site's list of requests up to date, places and releases the legal hold, and hands the export to
/// <see cref="IFootageExportJobs"/> so that ffmpeg never runs inside the grain's turn.
/// </summary>
public sealed partial class FootageRequestGrain(
    [PersistentState("footagerequest", StorageNames.Default)] IPersistentState<FootageRequestGrainState> state,
    TimeProvider time,
    ILogger<FootageRequestGrain> logger,
    SiteConfiguration? site = null,
    FootageRequestPolicy? policy = null,
    IFootageExportJobs? exports = null) : Grain, IFootageRequestGrain
{
    /// <summary>How long an activation that started an export stays: the export reports back to it, and a new activation elsewhere would start it again.</summary>
    public static readonly TimeSpan KeptWhileExporting = TimeSpan.FromHours(2);

    private readonly FootageRequestPolicy _policy = policy ?? FootageRequestPolicy.Default;

    // The attempt this activation started: the site clock asks every silo's requests to resume each minute, and only an
    // activation that did not start the running attempt (the process that ran it was lost) may start it again.
    private int? _startedAttempt;

    private string Id => this.GetPrimaryKeyString();

    private FootageRequest Request => state.State.Request ?? throw FootageRequestException.NotFound(Id);

    public async Task<FootageRequest> SubmitAsync(FootageRequestSubmission submission, RequestActor by)
    {
        if (state.State.Request is not null)
            throw FootageRequestException.Rule($"request {Id} exists already");
        var configured = site ?? throw new InvalidOperationException("no site is configured");
        var request = submission.Check(configured, _policy, by, time.GetUtcNow()) with { Id = Id };
        await AuditAsync(by, "Submit", request, $"case {request.Case}, {request.Basis.Word()}, {string.Join(",", request.Cameras)}, {Stamp(request.From)}..{Stamp(request.To)}", request.Reason);
        var hold = await PlaceHoldAsync(request, by);
        try
        {
            return await SaveAsync(request with { HoldId = hold.Id });
        }
        catch when (state.State.Request is null)
        {
            // Not saved, so no hold: a hold nobody knows about would keep footage for a year. (Saved but not yet in the
            // index is different: the request exists and keeps its hold.)
            await ReleaseHoldAsync(request with { HoldId = hold.Id }, by, $"request {Id} could not be saved; submit it again");
            throw;
        }
    }

    public Task<FootageRequest> GetAsync(RequestActor by)
    {
        var request = Request;
        if (!request.IsVisibleTo(by))
            throw FootageRequestException.Denied($"request {Id} was submitted by another officer");
        return Task.FromResult(request);
    }

    public async Task<FootageRequest> ApproveAsync(RequestActor by, string reason)
    {
        var approved = Request.Approve(by, reason, _policy, time.GetUtcNow());
        await AuditAsync(by, "Approve", approved, approved.Status.Word(), reason);
        var saved = await SaveAsync(approved);
        if (saved.Status == RequestStatus.Exporting) StartExport();
        return saved;
    }

    public async Task<FootageRequest> RejectAsync(RequestActor by, string reason)
    {
        var rejected = Request.Reject(by, reason, time.GetUtcNow());
        await AuditAsync(by, "Reject", rejected, "rejected", reason);
        await ReleaseHoldAsync(rejected, by, $"request {Id} rejected: {rejected.History[^1].Reason}");
        return await SaveAsync(rejected);
    }

    public async Task<FootageRequest> CancelAsync(RequestActor by, string? reason)
    {
        var cancelled = Request.Cancel(by, reason, time.GetUtcNow());
        await AuditAsync(by, "Cancel", cancelled, "cancelled", cancelled.History[^1].Reason);
        await ReleaseHoldAsync(cancelled, by, $"request {Id} cancelled by the requester");
        return await SaveAsync(cancelled);
    }

    public async Task<FootageRequest> CloseAsync(RequestActor by, string? reason)
    {
        var closed = Request.Close(by, reason, time.GetUtcNow());
        await AuditAsync(by, "Close", closed, "closed", closed.History[^1].Reason);
        if (closed.ReleasesHoldOnClose)
            await ReleaseHoldAsync(closed, by, $"request {Id} closed");
        return await SaveAsync(closed);
    }

    public async Task<FootageRequest> RetryAsync(RequestActor by)
    {
        var retried = Request.Retry(by, time.GetUtcNow());
        await AuditAsync(by, "Retry", retried, "exporting", "export retried");
        var saved = await SaveAsync(retried);
        StartExport();
        return saved;
    }

    public async Task<FootageRequest> ConfirmInWritingAsync(RequestActor by, string reference)
    {
        var confirmed = Request.ConfirmInWriting(by, reference, time.GetUtcNow());
        await AuditAsync(by, "ConfirmInWriting", confirmed, "confirmed", confirmed.ConfirmationReference);
        return await SaveAsync(confirmed);
    }

    public async Task<FootageRequest> BeginDownloadAsync(RequestActor by, string reason)
    {
        var request = Request;
        request.RequireMayDownload(by, time.GetUtcNow());
        await AuditAsync(by, "Download", request, "started", reason);
        return request;
    }

    public async Task<FootageRequest> CompleteDownloadAsync(RequestActor by, string reason)
    {
        var request = Request;
        request.RequireMayDownload(by, time.GetUtcNow());
        var downloaded = request.Downloaded(by, reason, time.GetUtcNow());
        await AuditAsync(by, "Download", downloaded, "complete", reason);
        return ReferenceEquals(downloaded, request) ? request : await SaveAsync(downloaded);
    }

    public async Task<RequestStatus> CheckDeadlinesAsync()
    {
        if (state.State.Request is not { } request) return RequestStatus.Closed;
        var now = time.GetUtcNow();
        foreach (var rule in request.DueAlerts(_policy, now))
        {
            // Raised before it is marked, so a crash in between raises it again (the control room coalesces) rather than never.
            await GrainFactory.GetGrain<IControlRoomGrain>(request.Site).RaiseAsync(new AlertSignal(rule, Id, request.RequestedBy, now));
            request = await SaveAsync(request.AlertRaised(rule));
        }
        if (request.Status == RequestStatus.Submitted && now >= request.ReviewDeadline(_policy))
        {
            var expired = request.Expire(_policy, now);
            await AuditAsync(RequestActor.System, "Expire", expired, "expired", expired.History[^1].Reason);
            await ReleaseHoldAsync(expired, RequestActor.System, $"request {Id} expired unreviewed");
            request = await SaveAsync(expired);
        }
        return request.Status;
    }

    public Task ResumeAsync()
    {
        if (state.State.Request is { Status: RequestStatus.Exporting } request && _startedAttempt != request.ExportAttempts) StartExport();
        return Task.CompletedTask;
    }

    public async Task ExportSucceededAsync(ExportReport report)
    {
        // A late report of an abandoned run (the request failed, was retried, or was closed since) changes nothing.
        if (state.State.Request is not { Status: RequestStatus.Exporting } request || request.ExportAttempts != report.Attempt) return;
        var ready = request.ExportSucceeded(report.Files, report.Gaps, report.ActualFrom, report.ActualTo, _policy, time.GetUtcNow());
        await AuditAsync(RequestActor.System, "ExportReady", ready, $"ready: {report.Files.Length} files, {report.Files.Sum(f => f.Bytes)} bytes, {report.Gaps.Length} gaps", null);
        await SaveAsync(ready);
    }

    public async Task ExportFailedAsync(int attempt, string reason)
    {
        if (state.State.Request is not { Status: RequestStatus.Exporting } request || request.ExportAttempts != attempt) return;
        var failed = request.ExportFailed(reason, time.GetUtcNow());
        await AuditAsync(RequestActor.System, "ExportFailed", failed, "failed", reason);
        await SaveAsync(failed);
    }

    public async Task ExportDeletedAsync()
    {
        if (state.State.Request is not { } request || request.ExportDeletedAt is not null) return;
        await SaveAsync(request.ExportDeleted(time.GetUtcNow()));
    }

    private void StartExport()
    {
        if (exports is null)
        {
            LogNoExporter(logger, Id);
            return;
        }
        _startedAttempt = state.State.Request?.ExportAttempts;
        DelayDeactivation(KeptWhileExporting);
        exports.Start(Id);
    }

    private async Task<LegalHoldRecord> PlaceHoldAsync(FootageRequest request, RequestActor by)
    {
        var expires = request.OrderExpires ?? request.RequestedAt + _policy.DemandHoldFor;
        var kind = request.Basis == LegalBasis.PreservationOrder ? LegalHoldKind.PreservationOrder : LegalHoldKind.PoliceRequest;
        var placement = new HoldPlacement(request.Cameras, request.AvailableFrom, request.To, kind,
            $"police request {request.Id}: {request.Reason}", request.Case, expires, by.Name);
        var result = await GrainFactory.GetGrain<ILegalHoldsGrain>(request.Site).PlaceAsync(placement);
        return result.Hold ?? throw FootageRequestException.Rule($"the footage could not be held: {result.Problem}");
    }

    private async Task ReleaseHoldAsync(FootageRequest request, RequestActor by, string reason)
    {
        if (request.HoldId is null) return;
        var result = await GrainFactory.GetGrain<ILegalHoldsGrain>(request.Site).ReleaseAsync(request.HoldId, by.Name, reason);
        // Already released or expired by a manager: what matters is that it holds nothing any more.
        if (result.Hold is null && !result.NotFound) LogHoldNotReleased(logger, request.HoldId, Id, result.Problem);
    }

    private async Task<FootageRequest> SaveAsync(FootageRequest request)
    {
        var before = state.State.Request;
        state.State.Request = request;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Request = before;
            throw;
        }
        await GrainFactory.GetGrain<IFootageRequestIndexGrain>(request.Site).RecordAsync(FootageRequestSummary.Of(request));
        return request;
    }

    private Task AuditAsync(RequestActor by, string action, FootageRequest request, string outcome, string? reason) =>
        GrainFactory.GetGrain<IAuditGrain>(request.Site).AppendAsync(
            new AuditRecord(by.Name, by.Role, $"FootageRequests/{action}", $"{request.Site}/footage-requests/{request.Id}", outcome, reason));

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Request} is ready to export, but no export runner is registered")]
    private static partial void LogNoExporter(ILogger logger, string request);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hold {Hold} of request {Request} was not released: {Problem}")]
    private static partial void LogHoldNotReleased(ILogger logger, string hold, string request, string? problem);
}
