using CameraBeheer.Domain.Alerts;
using CameraBeheer.Domain.Desk;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Grains;

/// <summary>The durable reports of a site, answered and not, until their retention period after the feedback has passed.</summary>
[GenerateSerializer]
public sealed class ReportsState
{
    [Id(0)] public List<ReportRecord> Reports { get; set; } = [];

    [Id(1)] public long LastNumber { get; set; }
}

/// <summary>
/// Registers reports from schools, neighbours and businesses, records the feedback, and raises the feedback alert
/// 48 hours after a report without feedback, on a timer on the silo's <see cref="TimeProvider"/>.
/// </summary>
public sealed class ReportsGrain(
    [PersistentState("reports", StorageNames.Default)] IPersistentState<ReportsState> state,
    SiteConfiguration site,
    TimeProvider time,
    ILogger<ReportsGrain> logger) : Grain, IReportsGrain
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);

    /// <summary>Who may report, by the plan: neighbours, businesses and schools.</summary>
    public static readonly ImmutableArray<string> ReporterKinds = ["school", "neighbour", "business"];

    /// <summary>A report about the future is a typo: a clock may run a few minutes ahead.</summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromMinutes(5);

    private readonly DeskRetention _retention = DeskRetention.For(site.Retention);
    private string _site = "";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _site = this.GetPrimaryKeyString();
        this.RegisterGrainTimer(CheckAsync, new GrainTimerCreationOptions(CheckInterval, CheckInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task<ReportRecord> AddAsync(NewReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var now = time.GetUtcNow();
        var organisation = DeskText.Name(report.Organisation, "organisation");
        if (!ReporterKinds.Contains(report.ReporterKind))
            throw DeskException.Invalid("reporter_kind", $"reporter_kind: '{report.ReporterKind}' is not one of {string.Join(", ", ReporterKinds)}");
        var contact = DeskText.Text(report.Contact, "contact");
        var what = DeskText.Text(report.What, "what");
        var occurred = report.OccurredAt ?? now;
        if (occurred > now + ClockSlack) throw DeskException.Invalid("occurred_at", "occurred_at: is in the future");
        if (now - occurred > site.Retention.Period)
            throw DeskException.Invalid("occurred_at", $"occurred_at: is more than {site.Retention.Days} days ago; nothing of it is kept any more");
        string? zone = null;
        if (!string.IsNullOrEmpty(report.Zone))
        {
            zone = Domain.Ids.IsValid(report.Zone) ? report.Zone : throw DeskException.Invalid("zone", $"zone: is not a zone id ({Domain.Ids.Rule})");
            if (site.FindZone(zone) is null) throw DeskException.NotFound("zone", $"zone: there is no zone '{zone}' at this site");
        }
        if (report.HoldRequested && zone is null)
            throw DeskException.Invalid("zone", "zone: a hold on footage needs the zone the report is about");

        var record = new ReportRecord(DeskIds.Make(DeskIds.Report, state.State.LastNumber + 1), organisation, report.ReporterKind, contact, what,
            occurred, zone, now, report.By, report.HoldRequested);
        state.State.LastNumber++;
        state.State.Reports.Add(record);
        await state.SaveOrForgetAsync();
        return record;
    }

    public async Task<ReportRecord> AnswerAsync(string reportId, string feedback, string by)
    {
        var index = IndexOf(reportId);
        var text = DeskText.Text(feedback, "feedback");
        var report = state.State.Reports[index];
        if (report.AnsweredAt is not null) throw DeskException.NotNow($"id: {report.Id} was already answered by {report.AnsweredBy}", "id");
        return await state.ChangeAsync(state.State.Reports, index, report with { Feedback = text, AnsweredAt = time.GetUtcNow(), AnsweredBy = by });
    }

    public async Task<ReportRecord> LinkHoldAsync(string reportId, string holdId, string by)
    {
        var index = IndexOf(reportId);
        if (string.IsNullOrEmpty(holdId)) throw DeskException.Invalid("hold", "hold: is required");
        if (holdId.Length > 64 || holdId.Any(char.IsControl)) throw DeskException.Invalid("hold", "hold: is not a hold id such as hold-2026-3f9a1c2b7d4e");
        var holds = await GrainFactory.GetGrain<ILegalHoldsGrain>(_site).ListAsync(includeEnded: true);
        if (holds.All(h => h.Id != holdId)) throw DeskException.NotFound("hold", $"hold: there is no legal hold '{holdId}'");
        return await state.ChangeAsync(state.State.Reports, index, state.State.Reports[index] with { HoldId = holdId });
    }

    public Task<ImmutableArray<ReportRecord>> ListAsync(bool includeAnswered) =>
        Task.FromResult(state.State.Reports.Where(r => includeAnswered || r.AnsweredAt is null).OrderBy(r => r.ReceivedAt).ToImmutableArray());

    public Task<ImmutableArray<EndedItem>> DueForDeletionAsync() =>
        Task.FromResult(_retention.DueForDeletion(state.State.Reports, time.GetUtcNow(), "report", r => r.Id, r => r.AnsweredAt));

    public async Task ForgetAsync(ImmutableArray<string> ids)
    {
        if (state.State.Reports.RemoveAll(r => ids.Contains(r.Id) && r.AnsweredAt is not null) > 0) await state.SaveOrForgetAsync();
    }

    private int IndexOf(string reportId)
    {
        var id = DeskIds.Require(reportId, DeskIds.Report, "id", "rp-0007");
        return state.State.Reports.IndexOf(r => r.Id == id, "id", $"id: there is no report '{id}'");
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = new List<(AlertRule Rule, string Place, DateTimeOffset At)>();
        for (var i = 0; i < state.State.Reports.Count; i++)
        {
            var r = state.State.Reports[i];
            if (r.AnsweredAt is not null || r.FeedbackAlerted || now < ReportDeadlines.AlertAt(r.ReceivedAt)) continue;
            state.State.Reports[i] = r with { FeedbackAlerted = true };
            due.Add((WorkflowRules.ReportFeedbackDue, r.Id, ReportDeadlines.AlertAt(r.ReceivedAt)));
        }
        await state.SaveThenRaiseAsync(GrainFactory, _site, due, logger, cancellationToken);
    }
}
