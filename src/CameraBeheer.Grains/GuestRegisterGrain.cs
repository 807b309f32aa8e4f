using CameraBeheer.Domain.Alerts;
using CameraBeheer.Domain.Desk;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Grains;

/// <summary>The durable guest register: every visit, open and closed, until its retention period has passed.</summary>
[GenerateSerializer]
public sealed class GuestRegisterState
{
    [Id(0)] public List<VisitRecord> Visits { get; set; } = [];

    [Id(1)] public long LastNumber { get; set; }

    /// <summary>The overdue alerts already raised, as <c>{visit}/leave</c> and <c>{visit}/night</c>: each fires once.</summary>
    [Id(2)] public HashSet<string> Alerted { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Checks guests in and out, knows who is on site, and raises the overdue-guest alert on a timer that runs on the silo's
/// <see cref="TimeProvider"/>. A check-in asks the residents and time-outs of the site, never the other way round.
/// </summary>
public sealed class GuestRegisterGrain(
    [PersistentState("guests", StorageNames.Default)] IPersistentState<GuestRegisterState> state,
    SiteConfiguration site,
    TimeProvider time,
    ILogger<GuestRegisterGrain> logger) : Grain, IGuestRegisterGrain
{
    /// <summary>How often open visits are measured against their deadlines.</summary>
    public static readonly TimeSpan OverdueCheckInterval = TimeSpan.FromSeconds(30);

    private readonly DeskRetention _retention = DeskRetention.For(site.Retention);
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(site.Site.TimeZone);
    private string _site = "";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _site = this.GetPrimaryKeyString();
        this.RegisterGrainTimer(CheckOverdueAsync, new GrainTimerCreationOptions(OverdueCheckInterval, OverdueCheckInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task<VisitRecord> CheckInAsync(GuestCheckIn checkIn)
    {
        ArgumentNullException.ThrowIfNull(checkIn);
        var now = time.GetUtcNow();
        var name = DeskText.Name(checkIn.GuestName, "guest_name");
        GuestDeadlines.CheckExpectedLeave(now, checkIn.ExpectedLeave);
        var resident = await GrainFactory.PresentResidentAsync(_site, checkIn.Visiting, "visiting");
        if (state.State.Visits.FirstOrDefault(v => v.IsOnSite && string.Equals(v.GuestName, name, StringComparison.OrdinalIgnoreCase)) is { } open)
            throw DeskException.NotNow($"guest_name: '{open.GuestName}' is already on site (visit {open.Id}, visiting {open.Visiting}); check that visit out first", "guest_name");
        var away = await GrainFactory.GetGrain<ITimeOutGrain>(_site).ListAsync(includeEnded: false);
        if (away.FirstOrDefault(t => t.Resident == resident.Id) is { } timeOut)
            throw DeskException.NotNow($"visiting: {resident.Id} ({resident.Name}) is on time-out ({timeOut.Id}); guests cannot visit until it has ended", "visiting");

        var visit = new VisitRecord(DeskIds.Make(DeskIds.Visit, state.State.LastNumber + 1), name, resident.Id, resident.Name, checkIn.IdChecked,
            now, checkIn.By, checkIn.ExpectedLeave);
        state.State.LastNumber++;
        state.State.Visits.Add(visit);
        await state.SaveOrForgetAsync();
        return visit;
    }

    public async Task<VisitRecord> CheckOutAsync(string visitId, string by)
    {
        var id = DeskIds.Require(visitId, DeskIds.Visit, "visit", "v-0042");
        var index = state.State.Visits.IndexOf(v => v.Id == id, "visit", $"visit: there is no visit '{id}'");
        var visit = state.State.Visits[index];
        if (!visit.IsOnSite) throw DeskException.NotNow($"visit: {id} is already closed (checked out by {visit.CheckedOutBy})", "visit");
        return await state.ChangeAsync(state.State.Visits, index, visit with { CheckedOutAt = time.GetUtcNow(), CheckedOutBy = by });
    }

    public Task<ImmutableArray<VisitRecord>> OnSiteAsync()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(state.State.Visits.Where(v => v.IsOnSite).OrderBy(v => v.CheckedInAt).Select(v => WithOverdue(v, now)).ToImmutableArray());
    }

    public Task<ImmutableArray<VisitRecord>> HistoryAsync(DateTimeOffset from, DateTimeOffset to) =>
        Task.FromResult(state.State.Visits
            .Where(v => v.CheckedInAt < to && (v.CheckedOutAt ?? DateTimeOffset.MaxValue) >= from)
            .OrderBy(v => v.CheckedInAt)
            .ToImmutableArray());

    public Task<ImmutableArray<DateTimeOffset>> CheckInsBetweenAsync(DateTimeOffset from, DateTimeOffset to) =>
        Task.FromResult(state.State.Visits.Select(v => v.CheckedInAt).Where(t => t >= from && t <= to).ToImmutableArray());

    public Task<ImmutableArray<EndedItem>> DueForDeletionAsync() =>
        Task.FromResult(_retention.DueForDeletion(state.State.Visits, time.GetUtcNow(), "visit", v => v.Id, v => v.CheckedOutAt));

    public async Task ForgetAsync(ImmutableArray<string> ids)
    {
        var removed = state.State.Visits.RemoveAll(v => ids.Contains(v.Id) && !v.IsOnSite);
        state.State.Alerted.RemoveWhere(key => ids.Contains(key[..key.IndexOf('/', StringComparison.Ordinal)]));
        if (removed > 0) await state.SaveOrForgetAsync();
    }

    /// <summary>The deadlines of a visit: the announced leave time (when given) and the night cut-off.</summary>
    private IEnumerable<(string Key, DateTimeOffset At)> Deadlines(VisitRecord visit)
    {
        if (visit.ExpectedLeave is { } leave) yield return ($"{visit.Id}/leave", leave);
        yield return ($"{visit.Id}/night", GuestDeadlines.NightCutoffAfter(visit.CheckedInAt, site.Desk.GuestNightCutoff, _zone));
    }

    private VisitRecord WithOverdue(VisitRecord visit, DateTimeOffset now)
    {
        var passed = Deadlines(visit).Where(d => d.At <= now).Select(d => (DateTimeOffset?)d.At).Min();
        return visit with { OverdueSince = passed };
    }

    /// <summary>Each deadline of an open visit that has passed raises the alert once, as of the deadline; saved before it is raised.</summary>
    private async Task CheckOverdueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = state.State.Visits.Where(v => v.IsOnSite)
            .SelectMany(v => Deadlines(v).Select(d => (Visit: v, d.Key, d.At)))
            .Where(d => d.At <= now && !state.State.Alerted.Contains(d.Key))
            .ToList();
        foreach (var d in due) state.State.Alerted.Add(d.Key);
        await state.SaveThenRaiseAsync(GrainFactory, _site, [.. due.Select(d => (WorkflowRules.GuestOverdue, d.Visit.Id, d.At))], logger, cancellationToken);
    }
}
