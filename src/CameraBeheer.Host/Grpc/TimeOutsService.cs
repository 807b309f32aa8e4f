using CameraBeheer.Contracts.Text;
using CameraBeheer.Contracts.V1;

namespace CameraBeheer.Host.Grpc;

/// <summary>Residents' time-outs; starting and ending one is in the audit log, with a manager's override and its reason.</summary>
[Authorize(Roles = $"{Staff},{Manager}")]
public sealed class TimeOutsService(SiteConfiguration site, IGrainFactory grains, DeskCalls calls) : Contracts.V1.TimeOuts.TimeOutsBase
{
    public override async Task<TimeOutInfo> Start(StartTimeOutRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var (by, role) = CallerAudit.Caller(context);
        var category = string.IsNullOrEmpty(request.Category) ? "other" : request.Category;
        if (request.ExpectedMinutes <= 0) throw RequestChecks.Invalid("expected_minutes", "is required: at least 60 minutes, back before midnight");
        var overriding = !string.IsNullOrWhiteSpace(request.OverrideReason);
        if (overriding && role != Manager)
            throw new RpcException(new Status(StatusCode.PermissionDenied, "override_reason: only a manager may give a time-out inside a no-time-out window"));
        var start = new TimeOutStart(request.Resident, request.Reason, category, TimeSpan.FromMinutes(request.ExpectedMinutes),
            overriding ? request.OverrideReason : null, by, MayOverride: role == Manager);
        // The audit log gets the category and an override's reason; the staff's own words about the resident stay in the register.
        var why = $"category {Printable.Excerpt(category, 20)}, {request.ExpectedMinutes} minutes" + (overriding ? $"; override: {request.OverrideReason}" : "");
        var timeOut = await calls.ChangeAsync(context, $"{siteId}/timeouts", why,
            () => TimeOuts(siteId).StartAsync(start), t => $"{siteId}/timeouts/{t.Id}");
        return Describe(timeOut, "pending");
    }

    public override async Task<TimeOutInfo> End(EndTimeOutRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var by = CallerAudit.Caller(context).Name;
        var timeOut = await calls.ChangeAsync(context, $"{siteId}/timeouts/{ResidentsService.Target(request.Id)}", null,
            () => TimeOuts(siteId).EndAsync(request.Id, by));
        return Describe(timeOut, await StateOfAsync(siteId, timeOut.NotificationId));
    }

    public override async Task<ListTimeOutsReply> List(ListTimeOutsRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var states = (await TimeOuts(siteId).NotificationsAsync(includeAcknowledged: true)).ToDictionary(n => n.Id, n => n.State, StringComparer.Ordinal);
        var reply = new ListTimeOutsReply();
        reply.TimeOuts.AddRange((await TimeOuts(siteId).ListAsync(request.IncludeEnded)).Select(t => Describe(t, states.GetValueOrDefault(t.NotificationId) ?? "")));
        return reply;
    }

    private ITimeOutGrain TimeOuts(string siteId) => grains.GetGrain<ITimeOutGrain>(siteId);

    private async Task<string> StateOfAsync(string siteId, string notification) =>
        (await TimeOuts(siteId).NotificationsAsync(includeAcknowledged: true)).FirstOrDefault(n => n.Id == notification)?.State ?? "";

    private static TimeOutInfo Describe(TimeOutRecord t, string notificationState) => new()
    {
        Id = t.Id,
        Resident = t.Resident,
        ResidentName = t.ResidentName,
        Reason = t.Reason,
        Category = t.Category,
        StartedAt = Timestamps.Stamp(t.StartedAt),
        StartedBy = t.StartedBy,
        ExpectedReturn = Timestamps.Stamp(t.ExpectedReturn),
        OverrideReason = t.OverrideReason ?? "",
        Notification = t.NotificationId,
        NotificationState = notificationState,
        EndedAt = Timestamps.Stamp(t.EndedAt),
        EndedBy = t.EndedBy ?? "",
    };
}
