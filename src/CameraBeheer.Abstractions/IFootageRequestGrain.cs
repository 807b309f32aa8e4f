using CameraBeheer.Domain.FootageRequests;

namespace CameraBeheer.Abstractions;

/// <summary>
/// One police footage request (key: its id, <c>fr-…</c>): the state machine of <see cref="FootageRequest"/>, its legal
/// hold, and the export it starts. Every change is in the site's audit log before it is saved, and saved before it
/// answers. Refusals are thrown as <see cref="FootageRequestException"/>, whose kind says which gRPC status fits.
/// </summary>
public interface IFootageRequestGrain : IGrainWithStringKey
{
    /// <summary>Checks the submission, places the legal hold at once, and saves the request.</summary>
    Task<FootageRequest> SubmitAsync(FootageRequestSubmission submission, RequestActor by);

    /// <summary>The request, if <paramref name="by"/> may see it (an officer sees only their own).</summary>
    Task<FootageRequest> GetAsync(RequestActor by);

    Task<FootageRequest> ApproveAsync(RequestActor by, string reason);

    Task<FootageRequest> RejectAsync(RequestActor by, string reason);

    Task<FootageRequest> CancelAsync(RequestActor by, string? reason);

    Task<FootageRequest> CloseAsync(RequestActor by, string? reason);

    Task<FootageRequest> RetryAsync(RequestActor by);

    Task<FootageRequest> ConfirmInWritingAsync(RequestActor by, string reference);

    /// <summary>Checks that <paramref name="by"/> may download now and records the download in the audit log.</summary>
    Task<FootageRequest> BeginDownloadAsync(RequestActor by, string reason);

    /// <summary>A download reached the end of the package: the first one moves the request to Downloaded.</summary>
    Task<FootageRequest> CompleteDownloadAsync(RequestActor by, string reason);

    /// <summary>Expires an unreviewed request and raises the deadline alerts that are due.</summary>
    Task<RequestStatus> CheckDeadlinesAsync();

    /// <summary>After a restart or the loss of the silo that ran it: an export that was running is started again (exports are idempotent); an export this activation started is left alone.</summary>
    Task ResumeAsync();

    /// <summary>The export runner's report: the package is complete in the store. A report of an earlier attempt is ignored.</summary>
    Task ExportSucceededAsync(ExportReport report);

    /// <summary>The export runner's report: attempt <paramref name="attempt"/> failed; the request can be retried.</summary>
    Task ExportFailedAsync(int attempt, string reason);

    /// <summary>The retention sweep deleted the expired export (with a receipt).</summary>
    Task ExportDeletedAsync();
}

/// <summary>What a finished export produced, and which attempt (<see cref="FootageRequest.ExportAttempts"/>) produced it.</summary>
[GenerateSerializer, Immutable]
public sealed record ExportReport(
    [property: Id(0)] ImmutableArray<ExportedFile> Files,
    [property: Id(1)] ImmutableArray<FootageGapNote> Gaps,
    [property: Id(2)] DateTimeOffset? ActualFrom,
    [property: Id(3)] DateTimeOffset? ActualTo,
    [property: Id(4)] int Attempt);

/// <summary>The requests of a site (key: the site id), for listing and for the checks that run over all open requests.</summary>
public interface IFootageRequestIndexGrain : IGrainWithStringKey
{
    Task RecordAsync(FootageRequestSummary summary);

    Task<ImmutableArray<FootageRequestSummary>> ListAsync();
}

/// <summary>A request in a list: enough to show it and to know whether a check or a sweep concerns it.</summary>
[GenerateSerializer, Immutable]
public sealed record FootageRequestSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Case,
    [property: Id(2)] LegalBasis Basis,
    [property: Id(3)] RequestStatus Status,
    [property: Id(4)] string RequestedBy,
    [property: Id(5)] DateTimeOffset RequestedAt,
    [property: Id(6)] int Cameras,
    [property: Id(7)] DateTimeOffset From,
    [property: Id(8)] DateTimeOffset To,
    [property: Id(9)] DateTimeOffset? ExportExpires,
    [property: Id(10)] bool ExportDeleted,
    [property: Id(11)] bool Urgent)
{
    public static FootageRequestSummary Of(FootageRequest r) => new(
        r.Id, r.Case, r.Basis, r.Status, r.RequestedBy, r.RequestedAt, r.Cameras.Length, r.From, r.To, r.ExportExpires, r.ExportDeletedAt is not null, r.Urgent);

    /// <summary>True while deadlines or an export may still change the request.</summary>
    public bool NeedsChecks => Status is RequestStatus.Submitted or RequestStatus.Exporting || (Urgent && !Status.IsFinal());

    /// <summary>True when the sweep should delete the export now.</summary>
    public bool ExportExpired(DateTimeOffset now) => !ExportDeleted && ExportExpires is { } e && now >= e;
}

/// <summary>Runs exports outside the grain's turn (ffmpeg takes seconds to minutes) and reports back to the grain.</summary>
public interface IFootageExportJobs
{
    /// <summary>Starts the export of the request unless it already runs in this process.</summary>
    void Start(string requestId);
}
