using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.Text;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Domain.Retention;
using CameraBeheer.Host.Hosting;
using CameraBeheer.Storage.Retention;
using Google.Protobuf.WellKnownTypes;

namespace CameraBeheer.Host.Grpc;

/// <summary>The retention report, legal holds and sweeps; every change of a hold and every sweep is in the audit log.</summary>
public sealed class RetentionService(
    SiteConfiguration site,
    IGrainFactory grains,
    RetentionSweepService sweeps,
    FootageInventory inventory,
    TimeProvider time,
    CallerAudit audit,
    EdgeReceiptStore edgeReceipts) : Contracts.V1.Retention.RetentionBase
{
    [Authorize(Roles = $"{Manager},{Admin}")]
    public override async Task<ListEdgeReceiptsReply> ListEdgeReceipts(ListEdgeReceiptsRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var reply = new ListEdgeReceiptsReply();
        foreach (var (_, json) in await edgeReceipts.ListAsync(siteId, context.CancellationToken))
        {
            // Checked when it came in and stored as read back; a damaged blob is left out rather than failing the list.
            AgentReceiptPayload? receipt;
            try
            {
                receipt = System.Text.Json.JsonSerializer.Deserialize(json, AgentJsonContext.Default.AgentReceiptPayload);
            }
            catch (System.Text.Json.JsonException)
            {
                continue;
            }
            if (receipt is null) continue;
            var info = new EdgeReceiptInfo { Id = receipt.Id, Agent = receipt.Agent, Time = Stamp(receipt.Ts), Cutoff = Stamp(receipt.Cutoff) };
            info.Deleted.AddRange(receipt.Deleted.Select(d => new Contracts.V1.EdgeReceiptItem
            {
                Kind = d.Kind, Count = d.Count, Bytes = d.Bytes, Oldest = Stamp(d.Oldest), Newest = Stamp(d.Newest),
            }));
            reply.Receipts.Add(info);
        }
        return reply;
    }

    [Authorize(Roles = $"{Manager},{Admin}")]
    public override async Task<RetentionReportReply> Report(RetentionReportRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var now = time.GetUtcNow();
        var holds = (await Holds(siteId).ListAsync(includeEnded: false)).Select(h => h.ToDomain()).ToList();
        var cameras = site.Cameras.Select(c => c.Id).Union(await inventory.CamerasAsync(siteId, context.CancellationToken)).Order(StringComparer.Ordinal);
        var reply = new RetentionReportReply { Site = siteId, RetentionDays = (int)sweeps.Policy.Period.TotalDays, LastSweep = Stamp(sweeps.LastSweep?.Started) };
        foreach (var camera in cameras)
            reply.Cameras.Add(await DescribeAsync(siteId, camera, holds, now, context.CancellationToken));
        return reply;
    }

    [Authorize(Roles = $"{Manager},{Admin},{Police}")]
    public override async Task<ListHoldsReply> ListHolds(ListHoldsRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var now = time.GetUtcNow();
        var reply = new ListHoldsReply();
        reply.Holds.AddRange((await Holds(siteId).ListAsync(request.IncludeEnded)).Select(h => Describe(h, now)));
        return reply;
    }

    [Authorize(Roles = Manager)]
    public override async Task<LegalHoldInfo> PlaceHold(PlaceHoldRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        foreach (var camera in request.Cameras) RequestChecks.Camera(site, camera);
        var placement = new HoldPlacement([.. request.Cameras], Required(request.From, "from"), Required(request.To, "to"), Kind(request.Kind),
            request.Reason, request.Reference, Required(request.Expires, "expires"), CallerAudit.Caller(context).Name);
        return await ChangeHoldAsync(context, siteId, $"{siteId}/holds {string.Join(",", request.Cameras)}", request.Reference,
            () => Holds(siteId).PlaceAsync(placement));
    }

    [Authorize(Roles = Manager)]
    public override async Task<LegalHoldInfo> RenewHold(RenewHoldRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var expires = Required(request.Expires, "expires");
        return await ChangeHoldAsync(context, siteId, $"{siteId}/holds/{HoldTarget(request.Id)}", null,
            () => Holds(siteId).RenewAsync(request.Id, expires, CallerAudit.Caller(context).Name));
    }

    [Authorize(Roles = Manager)]
    public override async Task<LegalHoldInfo> ReleaseHold(ReleaseHoldRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        return await ChangeHoldAsync(context, siteId, $"{siteId}/holds/{HoldTarget(request.Id)}", request.Reason,
            () => Holds(siteId).ReleaseAsync(request.Id, CallerAudit.Caller(context).Name, request.Reason));
    }

    [Authorize(Roles = Admin)]
    public override async Task<SweepReply> Sweep(SweepRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var result = await audit.ChangeAsync(context, $"{siteId}/retention", null, () => sweeps.SweepNowAsync(context.CancellationToken),
            outcomeOf: r => $"ok: deleted {r.ObjectsDeleted} objects, {r.EventLinesDeleted} event lines, {sweeps.LastDeskSweep?.Total ?? 0} desk items");
        var reply = new SweepReply
        {
            ObjectsDeleted = result.ObjectsDeleted,
            BytesDeleted = result.BytesDeleted,
            ReceiptsWritten = result.ReceiptsWritten,
            ObjectsKeptForHolds = result.KeptForHolds,
            StorageCalls = result.StorageCalls,
            Cutoff = Timestamp.FromDateTimeOffset(result.Cutoff),
        };
        reply.ReceiptFiles.AddRange(result.ReceiptFiles);
        return reply;
    }

    private ILegalHoldsGrain Holds(string siteId) => grains.GetGrain<ILegalHoldsGrain>(siteId);

    /// <summary>Changes a hold with the request in the audit log first (<see cref="CallerAudit.ChangeAsync{T}"/>), and answers with the hold or the status code that fits.</summary>
    private async Task<LegalHoldInfo> ChangeHoldAsync(ServerCallContext context, string siteId, string target, string? reason, Func<Task<HoldResult>> change)
    {
        var hold = await audit.ChangeAsync(context, target, reason, async () =>
        {
            var result = await change();
            if (result.Hold is { } changed) return changed;
            if (result.NotFound) throw new RpcException(new Status(StatusCode.NotFound, result.Problem ?? "no such hold"));
            var code = result.Field == "hold" ? StatusCode.FailedPrecondition : StatusCode.InvalidArgument;
            throw new RpcException(new Status(code, result.Problem ?? "the hold was refused"));
        }, targetOf: h => $"{siteId}/holds/{h.Id}");
        return Describe(hold, time.GetUtcNow());
    }

    /// <summary>A hold id as it may appear in the audit log: what the caller sent, cut short and without control characters.</summary>
    private static string HoldTarget(string id) => Printable.Excerpt(id, 70);

    private async Task<CameraRetention> DescribeAsync(string siteId, string camera, List<LegalHold> holds, DateTimeOffset now, CancellationToken ct)
    {
        var oldest = await inventory.OldestSegmentAsync(siteId, camera, ct);
        var footage = await grains.GetGrain<ICameraGrain>(GrainKeys.Camera(siteId, camera)).GetFootageSummaryAsync(now - sweeps.Policy.Period - TimeSpan.FromDays(1));
        var info = new CameraRetention
        {
            Camera = camera,
            OldestFootage = Stamp(oldest),
            FootageBytes = footage.Bytes,
            FootageSegments = footage.Segments,
            NextDeletion = Stamp(oldest is { } o ? sweeps.Policy.DeletionDeadline(o + sweeps.Policy.MaxItemDuration) : null),
        };
        info.Holds.AddRange(holds.Where(h => h.Cameras.Contains(camera)).Select(h => h.Id));
        return info;
    }

    private static LegalHoldInfo Describe(LegalHoldRecord h, DateTimeOffset now)
    {
        var info = new LegalHoldInfo
        {
            Id = h.Id,
            From = Timestamp.FromDateTimeOffset(h.From),
            To = Timestamp.FromDateTimeOffset(h.To),
            Kind = h.Kind == LegalHoldKind.PreservationOrder ? "preservation-order" : "police-request",
            Reason = h.Reason,
            Reference = h.Reference,
            PlacedBy = h.PlacedBy,
            PlacedAt = Timestamp.FromDateTimeOffset(h.PlacedAt),
            Expires = Timestamp.FromDateTimeOffset(h.Expires),
            State = h.ReleasedAt is not null ? "released" : h.ToDomain().IsActive(now) ? "active" : "expired",
            ReleasedBy = h.ReleasedBy ?? "",
            ReleasedAt = Stamp(h.ReleasedAt),
            ReleaseReason = h.ReleaseReason ?? "",
        };
        info.Cameras.AddRange(h.Cameras);
        return info;
    }

    private static LegalHoldKind Kind(string kind) => kind switch
    {
        "preservation-order" => LegalHoldKind.PreservationOrder,
        "police-request" or "" => LegalHoldKind.PoliceRequest,
        _ => throw RequestChecks.Invalid("kind", $"'{Printable.Excerpt(kind, 30)}' is not one of police-request, preservation-order"),
    };

    private static DateTimeOffset Required(Timestamp? value, string field) =>
        value?.ToDateTimeOffset() ?? throw RequestChecks.Invalid(field, "is required");

    private static Timestamp? Stamp(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}
