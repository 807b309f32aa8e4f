using System.Text.Json;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Domain.Alerts;
using CameraBeheer.Domain.Desk;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Grains;

/// <summary>The durable state of a gate grain.</summary>
[GenerateSerializer]
public sealed class GateState
{
    [Id(0)] public bool Open { get; set; }
    [Id(1)] public string? LastKind { get; set; }
    [Id(2)] public DateTimeOffset? LastEvent { get; set; }
    [Id(3)] public long EventsReceived { get; set; }

    /// <summary>When the gate last went from closed to open (the event's time); null while it is closed.</summary>
    [Id(4)] public DateTimeOffset? OpenSince { get; set; }

    /// <summary>The held-open rules that already fired since <see cref="OpenSince"/>: once per opening.</summary>
    [Id(5)] public HashSet<string> HeldOpenFired { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The times of recent badge and intercom events: an opening just after one of them was announced.</summary>
    [Id(6)] public List<DateTimeOffset> Announcements { get; set; } = [];

    /// <summary>Alerts the control room has not taken yet (forced, unannounced, held open), saved with the event or mark that caused them.</summary>
    [Id(7)] public List<AlertSignal> OwedAlerts { get; set; } = [];

    /// <summary>Whether the gate's controller can be heard: null until anything was heard of it or its agent.</summary>
    [Id(8)] public bool? Online { get; set; }
}

/// <summary>
/// The gate at an entrance: the single writer of its event log (<c>events/{site}/gates/{gate}/…</c>), recognising
/// redelivered events like a camera does, and keeping whether the gate stands open. Gate events are few: the state is
/// saved with every batch. The gate's rules are evaluated here: a forced gate fires at once (after the event is stored),
/// a gate held open is measured by a timer on the silo's <see cref="TimeProvider"/>. An alert is owed in the state,
/// saved in the batch's write, and delivered before the batch returns; a timer sends again what a failure left owed.
/// The log append and the state write are two writes: a crash between them leaves an event in the log whose alert is
/// owed nowhere, but such an event was never acknowledged, so the edge sends it again, and a redelivered event owes its
/// alerts again (the control room takes each cause once).
/// </summary>
public sealed partial class GateGrain(
    [PersistentState("gate", StorageNames.Default)] IPersistentState<GateState> state,
    EventLog eventLog,
    TimeProvider time,
    ILogger<GateGrain> logger,
    SiteConfiguration? site = null) : Grain, IGateGrain
{
    /// <summary>How often an open gate is measured against the held-open rules (thresholds of tens of seconds).</summary>
    public static readonly TimeSpan HeldOpenCheckInterval = TimeSpan.FromSeconds(5);

    private EventLogBuckets _buckets = null!;
    private string _site = "";
    private string _gate = "";
    private AlertRules _rules = AlertRules.None;
    private IReadOnlyList<AlertRule> _heldOpenRules = [];
    private DeliveryLoop _delivery = null!;
    private bool _delivered;

    /// <summary>How often what a failure left owed is sent again, and a delivery is saved.</summary>
    private static readonly TimeSpan RedeliverInterval = TimeSpan.FromSeconds(5);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _delivery = new DeliveryLoop(DeliverOwedAsync);
        this.RegisterGrainTimer(RedeliverAsync, RedeliverInterval, RedeliverInterval);
        (_site, _gate) = GrainKeys.Split(this.GetPrimaryKeyString());
        _buckets = new EventLogBuckets(eventLog, _site, EventLog.GateSource(_gate));
        // Only the site's configured gates have rules: a gate the file does not name is not watched.
        _rules = site?.FindGate(_gate) is null ? AlertRules.None : AlertRules.For(site, _site);
        _heldOpenRules = _rules.RulesFor(RuleTrigger.GateHeldOpen, _gate);
        if (_heldOpenRules.Count > 0)
        {
            var every = HeldOpenCheckInterval;
            this.RegisterGrainTimer(CheckHeldOpenAsync, new GrainTimerCreationOptions(every, every) { KeepAlive = true });
        }
        if (state.State.OwedAlerts.Count > 0) _delivery.Kick();
        return Task.CompletedTask;
    }

    public async Task<ImmutableArray<bool>> AcceptAsync(ImmutableArray<GateObservation> events)
    {
        var fresh = await _buckets.AppendNewAsync(events, e => e.Id, e => e.Ts, ToEntry);
        var any = false;
        for (var i = 0; i < events.Length; i++)
        {
            if (!fresh[i]) continue;
            Apply(events[i]);
            any = true;
        }
        // New and redelivered events alike (see the class remarks): what is owed already is not owed twice.
        var owed = state.State.OwedAlerts.Count;
        foreach (var e in events)
        {
            if (e.Kind == GateEventKinds.Opened) await OweUnannouncedAsync(e);
            // Every forced event counts, also one that arrives late: the gate was forced whatever happened after.
            if (e.Kind == GateEventKinds.Forced) OweForced(e);
        }
        if (any || state.State.OwedAlerts.Count > owed) await state.WriteStateAsync();
        // Gate events are few: the batch waits for the control room, so a forced gate is on screen before the controller
        // hears its event was taken. A failure does not fail the batch: the event is stored and its alert owed.
        if (state.State.OwedAlerts.Count > 0) await _delivery.DeliverNowAsync();
        return [.. fresh];
    }

    public Task<GateSnapshot> GetSnapshotAsync()
    {
        var s = state.State;
        return Task.FromResult(new GateSnapshot(_gate, s.Open, s.LastKind, s.LastEvent, s.EventsReceived, s.Online));
    }

    public async Task<bool> FollowEdgeAgentAsync(bool agentOnline, DateTimeOffset at)
    {
        if (state.State.Online == agentOnline) return false;
        state.State.Online = agentOnline;
        await state.WriteStateAsync();
        LogFollowed(logger, _site, _gate, agentOnline ? "online" : "offline", at);
        return true;
    }

    private void Apply(GateObservation e)
    {
        var s = state.State;
        s.EventsReceived++;
        s.Online = true;
        if (e.Kind is GateEventKinds.Badge or GateEventKinds.Intercom) Remember(s, e.Ts);
        if (s.LastEvent is { } last && e.Ts < last) return;
        s.LastEvent = e.Ts;
        s.LastKind = e.Kind;
        var wasOpen = s.Open;
        s.Open = GateEventKinds.SaysOpen(e.Kind) ?? s.Open;
        if (s.Open && !wasOpen) s.OpenSince = e.Ts;
        if (!s.Open)
        {
            s.OpenSince = null;
            s.HeldOpenFired.Clear();
        }
    }

    /// <summary>How long announcements are remembered: far longer than any entry window, so a late event still finds them.</summary>
    private static readonly TimeSpan AnnouncementMemory = TimeSpan.FromHours(1);

    private static void Remember(GateState s, DateTimeOffset at)
    {
        s.Announcements.Add(at);
        var newest = s.Announcements.Max();
        s.Announcements.RemoveAll(a => newest - a > AnnouncementMemory);
    }

    /// <summary>
    /// The gate of a configured entrance opening with no badge, intercom call or guest check-in in the site file's
    /// window before it raises the unannounced-entry alert. The opening itself is already in the event log.
    /// </summary>
    private async Task OweUnannouncedAsync(GateObservation opened)
    {
        if (site is null || site.Site.Id != _site || site.FindGate(_gate) is null) return;
        // A controller that reports the badge on the opening itself was opened by that badge.
        if (!string.IsNullOrEmpty(opened.Badge)) return;
        var window = site.Desk.UnannouncedEntryWindow;
        if (EntryAnnouncement.IsAnnounced(opened.Ts, window, state.State.Announcements)) return;
        try
        {
            var checkIns = await GrainFactory.GetGrain<IGuestRegisterGrain>(_site).CheckInsBetweenAsync(opened.Ts - window, opened.Ts);
            if (EntryAnnouncement.IsAnnounced(opened.Ts, window, checkIns)) return;
        }
        catch (Exception e)
        {
            // Better a needless alert than a missed one: staff can see at once whether a guest was expected.
            logger.LogWarning(e, "The guest register could not be asked about gate {Gate}; the opening counts as unannounced", _gate);
        }
        Owe(AlertRaising.Signal(WorkflowRules.UnannouncedEntry, _gate, _gate, opened.Ts, Cause(opened)));
    }

    private void OweForced(GateObservation forced)
    {
        foreach (var rule in _rules.Firing(RuleTrigger.GateForced, _gate, forced.Ts))
            Owe(AlertRaising.Signal(rule, _gate, _gate, forced.Ts, Cause(forced)));
    }

    private string Cause(GateObservation e) => $"gate:{_gate}:{e.Id}";

    private void Owe(AlertSignal signal)
    {
        if (!state.State.OwedAlerts.Contains(signal)) state.State.OwedAlerts.Add(signal);
    }

    private async Task DeliverOwedAsync()
    {
        if (await GrainFactory.DeliverOwedAsync(_site, state.State.OwedAlerts, logger)) _delivered = true;
    }

    /// <summary>
    /// Sends again what a failure left owed, and saves that delivered alerts are no longer owed (here, in a timer turn,
    /// and not in the delivery: two writes of one grain in flight at once would trip each other's ETag).
    /// </summary>
    private async Task RedeliverAsync(CancellationToken cancellationToken)
    {
        if (_delivered)
        {
            _delivered = false;
            await state.WriteStateAsync(cancellationToken);
        }
        if (state.State.OwedAlerts.Count > 0) _delivery.Kick();
    }

    /// <summary>
    /// A gate open for a rule's threshold fires it once per opening, as of the moment the threshold was reached. The
    /// gate controller's own "held-open" report only keeps the gate open here: the threshold is the site file's.
    /// </summary>
    private async Task CheckHeldOpenAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        // While its agent is offline nobody can tell whether the gate still stands open: edge-offline says so instead of a
        // held-open alert that may be false. The check resumes when the gate is heard again.
        if (s.Online == false) return;
        if (!s.Open || s.OpenSince is not { } since) return;
        var now = time.GetUtcNow();
        var due = _heldOpenRules.Where(rule => now - since >= rule.Threshold && !s.HeldOpenFired.Contains(rule.Id)).ToList();
        if (due.Count == 0) return;

        foreach (var rule in due)
        {
            s.HeldOpenFired.Add(rule.Id);
            if (_rules.HoldsAt(rule, since + rule.Threshold))
                Owe(AlertRaising.Signal(rule, _gate, _gate, since + rule.Threshold, $"held-open:{_gate}:{since.UtcTicks}"));
        }
        // Owed and fired in one write, before the control room hears of it.
        await state.WriteStateAsync(cancellationToken);
        await _delivery.DeliverNowAsync();
    }

    private static EventLogEntry ToEntry(GateObservation e) =>
        new(e.Id, e.Ts, "gate", JsonSerializer.Serialize(new GatePayload(e.Id, e.Ts, e.Kind, e.Badge), EdgeJsonContext.Default.GatePayload));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gate {Site}/{Gate} is {State}: its edge agent's status of {At}")]
    private static partial void LogFollowed(ILogger logger, string site, string gate, string state, DateTimeOffset at);
}
