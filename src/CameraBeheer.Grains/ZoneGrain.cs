using System.Collections.Immutable;
using CameraBeheer.Abstractions;
using CameraBeheer.Domain.Alerts;
using CameraBeheer.Domain.Sites;
using CameraBeheer.Storage;
using Microsoft.Extensions.Logging;

namespace CameraBeheer.Grains;

/// <summary>The zone's live picture: which feeds (camera, region) see motion now, and which loitering rules already fired for them.</summary>
[GenerateSerializer]
public sealed class ZoneState
{
    /// <summary>Feed (<c>camera</c> or <c>camera/region</c>) → when its motion started.</summary>
    [Id(0)] public Dictionary<string, DateTimeOffset> ActiveFeeds { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public DateTimeOffset? LastChange { get; set; }

    /// <summary><c>{rule}|{feed}</c> for each continuous-motion rule that fired during the feed's current motion: once per stretch.</summary>
    [Id(2)] public HashSet<string> ContinuousFired { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One zone: keeps which of its feeds are active, from the motion transitions its cameras pass on, and evaluates the
/// zone's rules where the motion is. A motion start checks the motion rules against their watch windows at the event's
/// time; a timer checks how long each feed has been active for the continuous-motion (loitering) rules.
/// </summary>
/// <remarks>
/// The timer runs on the silo's <see cref="TimeProvider"/> and keeps the grain active, and only zones with a
/// continuous-motion rule have one. Tests move a fake clock instead of waiting.
/// </remarks>
public sealed class ZoneGrain(
    [PersistentState("zone", StorageNames.Default)] IPersistentState<ZoneState> state,
    TimeProvider time,
    ILogger<ZoneGrain> logger,
    SiteConfiguration? site = null) : Grain, IZoneGrain
{
    /// <summary>How often continuous motion is measured: small next to a loitering threshold of minutes.</summary>
    public static readonly TimeSpan ContinuousMotionCheckInterval = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(2);
    private bool _dirty;
    private string _site = "";
    private string _zone = "";
    private AlertRules _rules = AlertRules.None;
    private IReadOnlyList<AlertRule> _continuousRules = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(CheckpointAsync, CheckpointInterval, CheckpointInterval);
        (_site, _zone) = GrainKeys.Split(this.GetPrimaryKeyString());
        _rules = AlertRules.For(site, _site);
        _continuousRules = _rules.RulesFor(RuleTrigger.MotionContinuous, _zone);
        if (_continuousRules.Count > 0)
        {
            var every = ContinuousMotionCheckInterval;
            this.RegisterGrainTimer(CheckContinuousMotionAsync, new GrainTimerCreationOptions(every, every) { KeepAlive = true });
        }
        return Task.CompletedTask;
    }

    public async Task MotionChangedAsync(ZoneMotion motion)
    {
        var feed = motion.Region is null ? motion.Camera : $"{motion.Camera}/{motion.Region}";
        var changed = motion.Active
            ? state.State.ActiveFeeds.TryAdd(feed, motion.Ts)
            : state.State.ActiveFeeds.Remove(feed);
        if (!changed) return;
        if (!motion.Active) state.State.ContinuousFired.RemoveWhere(key => key.EndsWith($"|{feed}", StringComparison.Ordinal));
        state.State.LastChange = motion.Ts;
        // Saved by the checkpoint timer, not here: at a busy moment transitions come faster than a disk takes writes,
        // and the zone must keep up with its cameras rather than fall behind them (measured with the load test).
        _dirty = true;
        if (motion.Active) await RaiseMotionRulesAsync(feed, motion.Ts);
    }

    public Task<ZoneSnapshot> GetSnapshotAsync() =>
        Task.FromResult(new ZoneSnapshot(
            _zone,
            [.. state.State.ActiveFeeds.Keys.Order(StringComparer.Ordinal)],
            state.State.LastChange));

    /// <summary>Motion starting in the zone fires each motion rule whose window holds at the time of the event.</summary>
    private async Task RaiseMotionRulesAsync(string feed, DateTimeOffset at)
    {
        foreach (var rule in _rules.Firing(RuleTrigger.Motion, _zone, at))
            await GrainFactory.RaiseAlertAsync(_site, rule, _zone, feed, at, logger);
    }

    /// <summary>
    /// A feed active without a break for a rule's threshold fires that rule once, as of the moment the threshold was
    /// reached (start + threshold), if the rule's window holds then. The moment, not the check, is the alert's time, so
    /// the occurrence is placed on the timeline of the events however late the check runs.
    /// </summary>
    private async Task CheckContinuousMotionAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = (
            from rule in _continuousRules
            from feed in state.State.ActiveFeeds
            where now - feed.Value >= rule.Threshold && !state.State.ContinuousFired.Contains(FiredKey(rule, feed.Key))
            select (Rule: rule, Feed: feed.Key, At: feed.Value + rule.Threshold)).ToList();
        if (due.Count == 0) return;

        foreach (var (rule, feed, _) in due)
            state.State.ContinuousFired.Add(FiredKey(rule, feed));
        await state.WriteStateAsync(cancellationToken);
        foreach (var (rule, feed, at) in due.Where(d => _rules.HoldsAt(d.Rule, d.At)))
            await GrainFactory.RaiseAlertAsync(_site, rule, _zone, feed, at, logger);
    }

    private static string FiredKey(AlertRule rule, string feed) => $"{rule.Id}|{feed}";

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => CheckpointAsync(cancellationToken);

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        if (!_dirty) return;
        _dirty = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            _dirty = true;
            throw;
        }
    }
}
