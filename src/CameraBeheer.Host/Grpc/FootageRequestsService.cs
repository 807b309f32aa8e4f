using CameraBeheer.Contracts.Text;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Domain.FootageRequests;
using CameraBeheer.Exports;
using CameraBeheer.Host.Hosting;
using Google.Protobuf;
using static CameraBeheer.Host.Grpc.Timestamps;

namespace CameraBeheer.Host.Grpc;

/// <summary>
/// Police footage requests over gRPC: translates between the proto messages and the request grains, and streams the
/// evidence package. The rules (who may do what, when) live in <see cref="FootageRequest"/>; refusals come back as
/// <see cref="FootageRequestException"/> and are mapped to status codes here.
/// </summary>
public sealed class FootageRequestsService(
    SiteConfiguration site,
    IGrainFactory grains,
    FootageRequestPolicy policy,
    FootageExportRunner runner,
    ExportStorage exports,
    EvidenceSigner signer,
    TimeProvider time) : FootageRequests.FootageRequestsBase
{
    /// <summary>The largest chunk of a download: 1 MiB, the limit the API promises.</summary>
    public const int ChunkSize = 1024 * 1024;

    [Authorize(Roles = Police)]
    public override Task<FootageRequestInfo> Submit(SubmitFootageRequest request, ServerCallContext context) => Answer(async () =>
    {
        RequestChecks.Site(site, request.Site);
        var submission = new FootageRequestSubmission(
            request.CaseNumber, request.Basis, request.Authorisation, request.Urgent, [.. request.Cameras], request.Zone,
            Timestamps.Optional(request.From, "from"), Timestamps.Optional(request.To, "to"), request.Reason, Timestamps.Optional(request.OrderExpires, "order_expires"));
        var id = FootageRequest.NewId(time.GetUtcNow());
        return Describe(await Grain(id).SubmitAsync(submission, Actor(context)));
    });

    [Authorize(Roles = $"{Police},{Manager},{Admin}")]
    public override Task<ListFootageRequestsReply> List(ListFootageRequestsRequest request, ServerCallContext context) => Answer(async () =>
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var actor = Actor(context);
        var reply = new ListFootageRequestsReply();
        foreach (var r in await grains.GetGrain<IFootageRequestIndexGrain>(siteId).ListAsync())
        {
            if (actor.Role == Police && !FootageRequest.SamePerson(r.RequestedBy, actor.Name)) continue;
            if (!request.IncludeEnded && r.Status.IsFinal()) continue;
            reply.Requests.Add(new FootageRequestLine
            {
                Id = r.Id, CaseNumber = r.Case, Basis = r.Basis.Word(), State = r.Status.Word(), RequestedBy = r.RequestedBy,
                RequestedAt = Stamp(r.RequestedAt), Cameras = r.Cameras, From = Stamp(r.From), To = Stamp(r.To), Urgent = r.Urgent,
            });
        }
        return reply;
    });

    [Authorize(Roles = $"{Police},{Manager},{Admin}")]
    public override Task<FootageRequestInfo> Get(FootageRequestRef request, ServerCallContext context) => Answer(async () =>
        Describe(await Grain(Id(request.Id)).GetAsync(Actor(context))));

    [Authorize(Roles = Manager)]
    public override Task<FootageRequestInfo> Approve(ReviewFootageRequest request, ServerCallContext context) => Answer(async () =>
        Describe(await Grain(Id(request.Id)).ApproveAsync(Actor(context), request.Reason)));

    [Authorize(Roles = Manager)]
    public override Task<FootageRequestInfo> Reject(ReviewFootageRequest request, ServerCallContext context) => Answer(async () =>
        Describe(await Grain(Id(request.Id)).RejectAsync(Actor(context), request.Reason)));

    [Authorize(Roles = Police)]
    public override Task<FootageRequestInfo> Cancel(ChangeFootageRequest request, ServerCallContext context) => Answer(async () =>
        Describe(await Grain(Id(request.Id)).CancelAsync(Actor(context), request.Reason)));

    [Authorize(Roles = $"{Police},{Manager}")]
    public override Task<FootageRequestInfo> Close(ChangeFootageRequest request, ServerCallContext context) => Answer(async () =>
        Describe(await Grain(Id(request.Id)).CloseAsync(Actor(context), request.Reason)));

    [Authorize(Roles = Manager)]
    public override Task<FootageRequestInfo> Retry(ChangeFootageRequest request, ServerCallContext context) => Answer(async () =>
        Describe(await Grain(Id(request.Id)).RetryAsync(Actor(context))));

    [Authorize(Roles = $"{Police},{Manager}")]
    public override Task<FootageRequestInfo> ConfirmInWriting(ConfirmFootageRequest request, ServerCallContext context) => Answer(async () =>
    {
        var actor = Actor(context);
        var grain = Grain(Id(request.Id));
        await grain.GetAsync(actor); // an officer confirms only their own request
        return Describe(await grain.ConfirmInWritingAsync(actor, request.Reference));
    });

    [Authorize(Roles = $"{Police},{Manager}")]
    public override async Task Download(DownloadFootageRequest request, IServerStreamWriter<EvidenceChunk> responseStream, ServerCallContext context)
    {
        var actor = Actor(context);
        var grain = Grain(Id(request.Id));
        if (string.IsNullOrWhiteSpace(request.Reason))
            throw RequestChecks.Invalid("reason", "say why the footage is downloaded; it is recorded in the audit log");
        if (request.Reason.Length > FootageRequestTextLimits.Reason)
            throw RequestChecks.Invalid("reason", $"may be at most {FootageRequestTextLimits.Reason} characters");
        var files = (await Answer(() => grain.GetAsync(actor))).Files;
        var start = string.IsNullOrEmpty(request.File) ? 0 : IndexOf(files, request.File);
        if (start < 0)
            throw RequestChecks.Invalid("file", $"'{Printable.Excerpt(request.File, 70)}' is not a file of the package ({string.Join(", ", files.Select(f => f.Name))})");
        if (request.Offset < 0 || (files.Length > 0 && request.Offset > files[start].Bytes))
            throw RequestChecks.Invalid("offset", $"must be between 0 and the file's size ({(files.Length > 0 ? files[start].Bytes : 0)} bytes)");

        // Audited (who, why) before the first byte leaves.
        await Answer(() => grain.BeginDownloadAsync(actor, request.Reason));
        var buffer = new byte[ChunkSize];
        for (var i = start; i < files.Length; i++)
        {
            var file = files[i];
            var offset = i == start ? request.Offset : 0;
            await using var stream = await exports.OpenReadAsync(request.Id, file.Name, offset, context.CancellationToken)
                ?? throw new RpcException(new Status(StatusCode.DataLoss, $"{file.Name} of {request.Id} is missing from the store; ask a manager to retry the export"));
            do
            {
                var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, context.CancellationToken);
                if (read == 0 && offset < file.Bytes)
                    throw new RpcException(new Status(StatusCode.DataLoss, $"{file.Name} of {request.Id} is shorter in the store than exported; ask a manager to retry the export"));
                await responseStream.WriteAsync(new EvidenceChunk
                {
                    File = file.Name, Offset = offset, Data = ByteString.CopyFrom(buffer, 0, read), FileBytes = file.Bytes, FileSha256 = file.Sha256,
                });
                offset += read;
            }
            while (offset < file.Bytes);
        }
        await Answer(() => grain.CompleteDownloadAsync(actor, request.Reason));
    }

    public override Task<PublicKeyReply> PublicKey(PublicKeyRequest request, ServerCallContext context) =>
        Task.FromResult(new PublicKeyReply { Pem = signer.PublicKeyPem, Fingerprint = signer.Fingerprint });

    private static int IndexOf(IReadOnlyList<ExportedFile> files, string name)
    {
        for (var i = 0; i < files.Count; i++)
            if (files[i].Name == name) return i;
        return -1;
    }

    private IFootageRequestGrain Grain(string id) => grains.GetGrain<IFootageRequestGrain>(id);

    private static RequestActor Actor(ServerCallContext context)
    {
        var (name, role) = CallerAudit.Caller(context);
        return new RequestActor(name, role);
    }

    private static string Id(string id) =>
        FootageRequest.IsId(id) ? id : throw RequestChecks.Invalid("id", $"'{Printable.Excerpt(id, 70)}' is not a footage request id (fr- and the year and 12 hex digits, e.g. fr-2026-0a1b2c3d4e5f)");

    /// <summary>Runs a call and maps the domain's refusals to gRPC status codes.</summary>
    private static async Task<T> Answer<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (FootageRequestException e)
        {
            var code = e.Kind switch
            {
                RequestErrorKind.InvalidArgument => StatusCode.InvalidArgument,
                RequestErrorKind.PermissionDenied => StatusCode.PermissionDenied,
                RequestErrorKind.NotFound => StatusCode.NotFound,
                _ => StatusCode.FailedPrecondition,
            };
            throw new RpcException(new Status(code, e.Message));
        }
    }

    private FootageRequestInfo Describe(FootageRequest r)
    {
        var info = new FootageRequestInfo
        {
            Id = r.Id, Site = r.Site, CaseNumber = r.Case, Basis = r.Basis.Word(), Authorisation = r.Authorisation ?? "", Urgent = r.Urgent,
            ConfirmationDue = r.Urgent ? Stamp(r.ConfirmationDeadline(policy)) : null, ConfirmedAt = Stamp(r.ConfirmedInWritingAt),
            ConfirmationReference = r.ConfirmationReference ?? "", Zone = r.Zone ?? "", From = Stamp(r.From), To = Stamp(r.To),
            AvailableFrom = Stamp(r.AvailableFrom), MissingPart = r.MissingPart ?? "", Reason = r.Reason, RequestedBy = r.RequestedBy,
            RequestedAt = Stamp(r.RequestedAt), State = r.Status.Word(), HoldId = r.HoldId ?? "",
            ReviewDeadline = r.Status == RequestStatus.Submitted ? Stamp(r.ReviewDeadline(policy)) : null,
            ActualFrom = Stamp(r.ActualFrom), ActualTo = Stamp(r.ActualTo), ExportExpires = Stamp(r.ExportExpires),
            ExportDeletedAt = Stamp(r.ExportDeletedAt), FailureReason = r.FailureReason ?? "", OrderExpires = Stamp(r.OrderExpires),
            ReviewedBy = r.ReviewedBy ?? "",
        };
        info.Cameras.AddRange(r.Cameras);
        info.ZoneFeeds.AddRange(r.ZoneFeeds);
        info.History.AddRange(r.History.Select(s => new RequestStepInfo { State = s.Status.Word(), At = Stamp(s.At), By = s.By, Role = s.Role, Reason = s.Reason }));
        info.Files.AddRange(r.Files.Select(f => new EvidenceFileInfo { Name = f.Name, Bytes = f.Bytes, Sha256 = f.Sha256 }));
        info.Gaps.AddRange(r.Gaps.Select(g => new FootageGapInfo { Camera = g.Camera, From = Stamp(g.From), To = Stamp(g.To), Reason = g.Reason }));
        info.Progress.AddRange(runner.Progress(r.Id).Select(p => new CameraExportProgressInfo
        {
            Camera = p.Camera, SegmentsDone = p.SegmentsDone, SegmentsTotal = p.SegmentsTotal, BytesDone = p.BytesDone,
        }));
        return info;
    }
}

/// <summary>The length limits the service checks itself before calling the grain.</summary>
internal static class FootageRequestTextLimits
{
    public const int Reason = 500;
}
