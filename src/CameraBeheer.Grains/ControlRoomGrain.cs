using CameraBeheer.Domain.Alerts;
using CameraBeheer.Domain.Sites;
using Orleans.Utilities;

namespace CameraBeheer.Grains;

/// <summary>
/// The control room of one site: owns the site's <see cref="AlertBoard"/>, saves a change before it tells the
/// watchers, and checks on a timer for alerts to escalate and resolved alerts past the retention period.
/// </summary>
/// <remarks>
/// The timer runs on the silo's <see cref="TimeProvider"/> (Orleans grain timers use it), so tests move a fake clock
/// instead of waiting. It keeps the grain active: escalation must not wait for the next call.
/// A repeat that only updates an open alert (count, last seen) is pushed at once but saved with the next check: a zone
/// full of movement would otherwise rewrite the whole alert state for every step someone takes. A crash loses at most
/// the counts of the last <see cref="CheckInterval"/>; openings, acknowledgements, escalations and resolutions are
/// saved before anyone hears of them.
/// </remarks>
public sealed partial class ControlRoomGrain(
    [PersistentState("controlroom", StorageNames.Default)] IPersistentState<ControlRoomState> state,
    TimeProvider time,
    ILogger<ControlRoomGrain> logger,
    ILocalSiloDetails silo,
    SiteConfiguration? site = null) : Grain, IControlRoomGrain
{
    /// <summary>How often escalation is checked: a small part of the escalation time.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(10);

    private AlertRules _rules = AlertRules.None;
    private AlertBoard _board = null!;
    private ObserverManager<IAlertWatcher> _watchers = null!;
    private TakenCauses _causes = null!;
    private bool _unsaved;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _rules = AlertRules.For(site, this.GetPrimaryKeyString());
        _board = new AlertBoard(state.State.Alerts.Values.Select(a => a.ToAlert()), state.State.LastNumber);
        _causes = new TakenCauses(state.State.Causes);
        _watchers = new ObserverManager<IAlertWatcher>(AlertWatching.SubscriptionLifetime, logger)
        {
            GetDateTime = () => time.GetUtcNow().UtcDateTime,
        };
        this.RegisterGrainTimer(CheckAsync, new GrainTimerCreationOptions(CheckInterval, CheckInterval) { KeepAlive = true });
        // Which silo holds the control room: after a silo is lost, the log shows where its alerts went on escalating.
        LogActive(logger, this.GetPrimaryKeyString(), silo.Name, state.State.Alerts.Count);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved) await SaveAndPushAsync([]);
        // The watchers' subscriptions go with this activation: they subscribe again at once and catch up.
        await _watchers.Notify(w => w.OnSubscriptionEnded());
    }

    public async Task<AlertChange?> RaiseAsync(AlertSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (_rules.Find(signal.RuleId) is not { } rule)
        {
            LogUnknownRule(logger, signal.RuleId, this.GetPrimaryKeyString());
            return null;
        }
        var cause = signal.CauseId is null ? null : TakenCauses.Key(signal.RuleId, signal.Place, signal.CauseId);
        if (cause is not null && _causes.Contains(cause))
        {
            LogRepeatedCause(logger, signal.RuleId, signal.Place, signal.CauseId!);
            return null;
        }
        var update = _board.Raise(rule, signal.Place, signal.Source, signal.At, time.GetUtcNow());
        // Saved with the alert it went to: both in the same write, so a crash loses or keeps them together.
        if (cause is not null) _causes.Take(update.Alert.Id, cause);
        if (update.Kind == AlertChangeKind.Updated) return await PushUnsavedAsync(update);
        var opened = (await SaveAndPushAsync([update]))[0];
        LogOpened(logger, opened.Alert.Id, opened.Alert.Priority, opened.Alert.RuleId, opened.Alert.Place);
        return opened;
    }

    public Task<ImmutableArray<AlertSnapshot>> ListAsync(AlertFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Task.FromResult(_board.Alerts.Select(AlertSnapshot.From).Where(filter.Matches).ToImmutableArray());
    }

    public Task<AlertSnapshot> GetAsync(string alertId) => Task.FromResult(AlertSnapshot.From(_board.Get(alertId)));

    public async Task<AlertSnapshot> AcknowledgeAsync(string alertId, string by)
    {
        if (_board.Acknowledge(alertId, by, time.GetUtcNow()) is not { } update)
            return AlertSnapshot.From(_board.Get(alertId)); // already acknowledged: nothing to save or tell
        return (await SaveAndPushAsync([update]))[0].Alert;
    }

    public async Task<AlertSnapshot> ResolveAsync(string alertId, string by, string outcome, string? note)
    {
        var update = _board.Resolve(alertId, by, outcome, note, time.GetUtcNow());
        return (await SaveAndPushAsync([update]))[0].Alert;
    }

    public Task SubscribeAsync(IAlertWatcher watcher)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        _watchers.Subscribe(watcher, watcher);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IAlertWatcher watcher)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        _watchers.Unsubscribe(watcher);
        return Task.CompletedTask;
    }

    /// <summary>The timer's work: escalate what is overdue, forget resolved alerts past the retention period, drop lapsed watchers.</summary>
    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var escalated = _board.EscalateDue(now, _rules.Escalation);
        var forgotten = _board.ForgetResolvedBefore(now - _rules.Retention);
        foreach (var id in forgotten)
        {
            state.State.Alerts.Remove(id);
            _causes.Forget(id);
        }
        if (escalated.Count > 0 || forgotten.Count > 0 || _unsaved)
            await SaveAndPushAsync(escalated);
        foreach (var update in escalated) LogEscalated(logger, update.Alert.Id, update.Alert.Priority.ToString().ToLowerInvariant(), silo.Name);
        _watchers.ClearExpired();
    }

    /// <summary>
    /// Saves first, then tells the watchers: a watcher never sees a change that a crash could undo. When saving fails the
    /// board in memory is ahead of storage, so the activation is dropped and the next one starts from what was saved.
    /// </summary>
    private async Task<IReadOnlyList<AlertChange>> SaveAndPushAsync(IReadOnlyList<AlertUpdate> updates)
    {
        var changes = updates.Select(Keep).ToList();
        state.State.LastNumber = _board.LastNumber;
        try
        {
            await state.WriteStateAsync();
            _unsaved = false;
        }
        catch
        {
            _unsaved = false; // nothing more from this board: deactivating must not save it after all
            DeactivateOnIdle();
            throw;
        }
        foreach (var change in changes)
            await PushAsync(change);
        return changes;
    }

    private async Task<AlertChange> PushUnsavedAsync(AlertUpdate update)
    {
        var change = Keep(update);
        _unsaved = true;
        await PushAsync(change);
        return change;
    }

    /// <summary>Puts the alert into the state to save, and makes the change watchers receive.</summary>
    private AlertChange Keep(AlertUpdate update)
    {
        var change = new AlertChange(AlertSnapshot.From(update.Alert), update.Kind);
        state.State.Alerts[change.Alert.Id] = change.Alert;
        return change;
    }

    // One-way calls: this returns as soon as the messages are sent, whatever the watchers do with them.
    private Task PushAsync(AlertChange change) => _watchers.Notify(watcher => watcher.OnAlertChanged(change));

    [LoggerMessage(Level = LogLevel.Information, Message = "Control room of site {Site} active on silo {Silo} ({Alerts} alerts kept)")]
    private static partial void LogActive(ILogger logger, string site, string silo, int alerts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Alert} escalated to {Priority} on silo {Silo}: nobody acknowledged it in time")]
    private static partial void LogEscalated(ILogger logger, string alert, string priority, string silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Alert} opened ({Priority}): rule {Rule} at {Place}")]
    private static partial void LogOpened(ILogger logger, string alert, AlertPriority priority, string rule, string place);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rule {Rule} at {Place} was raised again for cause {Cause}, which the control room already took; ignored")]
    private static partial void LogRepeatedCause(ILogger logger, string rule, string place, string cause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A grain raised rule {Rule} at site {Site}, which has no such rule; ignored")]
    private static partial void LogUnknownRule(ILogger logger, string rule, string site);
}
