using CameraBeheer.Contracts.V1;

namespace CameraBeheer.Host.Grpc;

/// <summary>The guest register at the gate; check-ins and check-outs are in the audit log (ids, never guests' names).</summary>
[Authorize(Roles = $"{Staff},{Manager}")]
public sealed class GuestsService(SiteConfiguration site, IGrainFactory grains, DeskCalls calls) : Contracts.V1.Guests.GuestsBase
{
    /// <summary>The longest history one call returns: the retention period and a few days.</summary>
    public static readonly TimeSpan LongestHistory = TimeSpan.FromDays(31);

    public override async Task<VisitInfo> CheckIn(CheckInRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var by = CallerAudit.Caller(context).Name;
        var checkIn = new GuestCheckIn(request.GuestName, request.Visiting, request.IdChecked, Timestamps.Optional(request.ExpectedLeave, "expected_leave"), by);
        var visit = await calls.ChangeAsync(context, $"{siteId}/guests", $"visiting {ResidentsService.Target(request.Visiting)}",
            () => Register(siteId).CheckInAsync(checkIn), v => $"{siteId}/guests/{v.Id}");
        return Describe(visit);
    }

    public override async Task<VisitInfo> CheckOut(CheckOutRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var by = CallerAudit.Caller(context).Name;
        var visit = await calls.ChangeAsync(context, $"{siteId}/guests/{ResidentsService.Target(request.Visit)}", null,
            () => Register(siteId).CheckOutAsync(request.Visit, by));
        return Describe(visit);
    }

    public override async Task<OnSiteReply> OnSite(OnSiteRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var reply = new OnSiteReply();
        reply.Visits.AddRange((await Register(siteId).OnSiteAsync()).Select(Describe));
        return reply;
    }

    public override async Task<GuestHistoryReply> History(GuestHistoryRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var from = Timestamps.Required(request.From, "from");
        var to = Timestamps.Required(request.To, "to");
        if (to <= from) throw RequestChecks.Invalid("to", "must be later than from");
        if (to - from > LongestHistory) throw RequestChecks.Invalid("to", $"the range is longer than {LongestHistory.TotalDays:0} days; ask for less");
        var reply = new GuestHistoryReply();
        reply.Visits.AddRange((await Register(siteId).HistoryAsync(from, to)).Select(Describe));
        return reply;
    }

    private IGuestRegisterGrain Register(string siteId) => grains.GetGrain<IGuestRegisterGrain>(siteId);

    internal static VisitInfo Describe(VisitRecord v) => new()
    {
        Id = v.Id,
        GuestName = v.GuestName,
        Visiting = v.Visiting,
        ResidentName = v.ResidentName,
        IdChecked = v.IdChecked,
        CheckedInAt = Timestamps.Stamp(v.CheckedInAt),
        CheckedInBy = v.CheckedInBy,
        ExpectedLeave = Timestamps.Stamp(v.ExpectedLeave),
        CheckedOutAt = Timestamps.Stamp(v.CheckedOutAt),
        CheckedOutBy = v.CheckedOutBy ?? "",
        OverdueSince = Timestamps.Stamp(v.OverdueSince),
    };
}
