using CameraBeheer.Contracts.Text;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Domain.Desk;

namespace CameraBeheer.Host.Grpc;

/// <summary>Reports from schools, neighbours and businesses and the feedback on them; changes are in the audit log.</summary>
public sealed class ReportsService(SiteConfiguration site, IGrainFactory grains, DeskCalls calls, TimeProvider time) : Contracts.V1.Reports.ReportsBase
{
    [Authorize(Roles = $"{Staff},{Manager}")]
    public override async Task<ReportInfo> Add(AddReportRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var by = CallerAudit.Caller(context).Name;
        var report = new NewReport(request.Organisation, request.ReporterKind, request.Contact, request.What, Timestamps.Optional(request.OccurredAt, "occurred_at"),
            string.IsNullOrEmpty(request.Zone) ? null : request.Zone, request.HoldRequested, by);
        var added = await calls.ChangeAsync(context, $"{siteId}/reports", $"from a {Printable.Excerpt(request.ReporterKind, 20)}",
            () => Reports(siteId).AddAsync(report), r => $"{siteId}/reports/{r.Id}");
        return Describe(added, time.GetUtcNow());
    }

    [Authorize(Roles = $"{Staff},{Manager}")]
    public override async Task<ReportInfo> Answer(AnswerReportRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var by = CallerAudit.Caller(context).Name;
        var answered = await calls.ChangeAsync(context, $"{siteId}/reports/{ResidentsService.Target(request.Id)}", "feedback given",
            () => Reports(siteId).AnswerAsync(request.Id, request.Feedback, by));
        return Describe(answered, time.GetUtcNow());
    }

    [Authorize(Roles = Manager)]
    public override async Task<ReportInfo> LinkHold(LinkReportHoldRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var by = CallerAudit.Caller(context).Name;
        var linked = await calls.ChangeAsync(context, $"{siteId}/reports/{ResidentsService.Target(request.Id)}", $"hold {Printable.Excerpt(request.Hold, 40)}",
            () => Reports(siteId).LinkHoldAsync(request.Id, request.Hold, by));
        return Describe(linked, time.GetUtcNow());
    }

    [Authorize(Roles = $"{Staff},{Manager},{Operator}")]
    public override async Task<ListReportsReply> List(ListReportsRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var now = time.GetUtcNow();
        var reply = new ListReportsReply();
        reply.Reports.AddRange((await Reports(siteId).ListAsync(request.IncludeAnswered)).Select(r => Describe(r, now)));
        return reply;
    }

    private IReportsGrain Reports(string siteId) => grains.GetGrain<IReportsGrain>(siteId);

    private static ReportInfo Describe(ReportRecord r, DateTimeOffset now)
    {
        var left = ReportDeadlines.TimeLeft(r.ReceivedAt, now);
        return new ReportInfo
        {
            Id = r.Id,
            Organisation = r.Organisation,
            ReporterKind = r.ReporterKind,
            Contact = r.Contact,
            What = r.What,
            OccurredAt = Timestamps.Stamp(r.OccurredAt),
            Zone = r.Zone ?? "",
            ReceivedAt = Timestamps.Stamp(r.ReceivedAt),
            RegisteredBy = r.RegisteredBy,
            HoldRequested = r.HoldRequested,
            Hold = r.HoldId ?? "",
            Feedback = r.Feedback ?? "",
            AnsweredAt = Timestamps.Stamp(r.AnsweredAt),
            AnsweredBy = r.AnsweredBy ?? "",
            FeedbackDue = Timestamps.Stamp(ReportDeadlines.FeedbackDue(r.ReceivedAt)),
            MinutesLeft = r.AnsweredAt is not null ? 0 : (long)Math.Floor(left.TotalMinutes),
            State = r.AnsweredAt is not null ? "answered" : left < TimeSpan.Zero ? "overdue" : "open",
        };
    }
}
