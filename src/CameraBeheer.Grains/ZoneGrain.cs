using CameraBeheer.Domain.Alerts;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Grains;

/// <summary>The zone's live picture: which feeds (camera, region) see motion now, and which loitering rules already fired for them.</summary>
[GenerateSerializer]
public sealed class ZoneState
{
    /// <summary>Feed (<c>camera</c> or <c>camera/region</c>) → when its motion started.</summary>
    [Id(0)] public Dictionary<string, DateTimeOffset> ActiveFeeds { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public DateTimeOffset? LastChange { get; set; }

    /// <summary><c>{rule}|{feed}|{start ticks}</c> for each continuous-motion rule that fired during the feed's current motion: once per stretch.</summary>
    [Id(2)] public HashSet<string> ContinuousFired { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Loitering alerts the control room has not taken yet, saved in the same write as the mark that they fired.</summary>
    [Id(3)] public List<AlertSignal> OwedAlerts { get; set; } = [];
}

/// <summary>
/// One zone: keeps which of its feeds are active, from the motion transitions its cameras pass on, and evaluates the
/// zone's rules where the motion is. A motion start checks the motion rules against their watch windows at the event's
/// time; a timer checks how long each feed has been active for the continuous-motion (loitering) rules.
/// </summary>
/// <remarks>
/// The timer runs on the silo's <see cref="TimeProvider"/> and keeps the grain active, and only zones with a
/// continuous-motion rule have one. Tests move a fake clock instead of waiting.
/// The active feeds are not saved per change (a transition in every five events would cost more writes than the whole
/// ingest): the cameras are their truth. At activation the zone asks each camera that feeds it where motion is now and
/// since when, so a crash forgets no active feed and no loitering timer (a timer is the start time of its feed).
/// A motion rule raises within <see cref="MotionChangedAsync"/>, so the camera owes the change until the control room
/// has the alert; a loitering alert is owed in the zone's own state, written with the mark that it fired.
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
    private readonly StateCheckpoint<ZoneState> _checkpoint = new(state);
    private DeliveryLoop _delivery = null!;
    private string _site = "";
    private string _zone = "";
    private AlertRules _rules = AlertRules.None;
    private IReadOnlyList<AlertRule> _continuousRules = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _delivery = new DeliveryLoop(DeliverOwedAsync);
        this.RegisterGrainTimer(CheckpointAsync, CheckpointInterval, CheckpointInterval);
        (_site, _zone) = GrainKeys.Split(this.GetPrimaryKeyString());
        _rules = AlertRules.For(site, _site);
        _continuousRules = _rules.RulesFor(RuleTrigger.MotionContinuous, _zone);
        await RebuildActiveFeedsAsync(cancellationToken);
        if (_continuousRules.Count > 0)
        {
            var every = ContinuousMotionCheckInterval;
            this.RegisterGrainTimer(CheckContinuousMotionAsync, new GrainTimerCreationOptions(every, every) { KeepAlive = true });
        }
        if (state.State.OwedAlerts.Count > 0) _delivery.Kick();
    }

    /// <summary>
    /// Takes the active feeds from the cameras that feed this zone: the camera's state is durable (its event log and
    /// checkpoint) where the zone's is not saved per change. A change the camera still owes arrives after this and is
    /// taken as usual (a start for a feed already active only raises its rules, which the control room takes once).
    /// </summary>
    private async Task RebuildActiveFeedsAsync(CancellationToken cancellationToken)
    {
        if (site?.FindZone(_zone) is not { } zone || site.Site.Id != _site) return;
        var feeds = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var camera in zone.Feeds.Select(f => f.Camera).Distinct(StringComparer.Ordinal))
        {
            var now = await GrainFactory.GetGrain<ICameraGrain>(GrainKeys.Camera(_site, camera)).GetMotionNowAsync().WaitAsync(cancellationToken);
            foreach (var region in now.Active)
                if (zone.Feeds.Any(f => f.Matches(camera, region.Region, now.Preset)))
                    feeds[FeedOf(camera, region.Region)] = region.Since;
        }
        var s = state.State;
        if (feeds.Count == s.ActiveFeeds.Count && feeds.All(f => s.ActiveFeeds.TryGetValue(f.Key, out var since) && since == f.Value)) return;
        s.ActiveFeeds = feeds;
        // The newest start the cameras know of is a change the zone may not have heard of yet (it may be on its way).
        if (feeds.Count > 0 && (s.LastChange is null || feeds.Values.Max() > s.LastChange)) s.LastChange = feeds.Values.Max();
        // A stretch that ended meanwhile has no loitering left to remember.
        s.ContinuousFired.RemoveWhere(key => !feeds.Any(f => key.EndsWith($"|{f.Key}|{f.Value.UtcTicks}", StringComparison.Ordinal)));
        _checkpoint.MarkChanged();
    }

    private static string FeedOf(string camera, string? region) => region is null ? camera : $"{camera}/{region}";

    public async Task MotionChangedAsync(ZoneMotion motion)
    {
        var feed = FeedOf(motion.Camera, motion.Region);
        var changed = motion.Active
            ? state.State.ActiveFeeds.TryAdd(feed, motion.Ts)
            : state.State.ActiveFeeds.Remove(feed);
        if (changed)
        {
            if (!motion.Active) state.State.ContinuousFired.RemoveWhere(key => key.Contains($"|{feed}|", StringComparison.Ordinal));
            state.State.LastChange = motion.Ts;
            // Saved by the checkpoint timer, not here: at a busy moment transitions come faster than a disk takes writes,
            // and the zone must keep up with its cameras rather than fall behind them (measured with the load test).
            // The cameras are the truth of the active feeds (see RebuildActiveFeedsAsync), so nothing is lost by waiting.
            _checkpoint.MarkChanged();
        }
        // Also when the feed was already active: a camera sends a start again when it did not hear that the zone took
        // it (or the zone rebuilt the feed from the camera first); the control room takes each cause once.
        if (motion.Active) await RaiseMotionRulesAsync(feed, motion);
    }

    public Task<ZoneSnapshot> GetSnapshotAsync() =>
        Task.FromResult(new ZoneSnapshot(
            _zone,
            [.. state.State.ActiveFeeds.Keys.Order(StringComparer.Ordinal)],
            state.State.LastChange));

    /// <summary>
    /// Motion starting in the zone fires each motion rule whose window holds at the time of the event. A failure
    /// propagates to the camera, which owes the change until the alert is taken, and sends it again.
    /// </summary>
    private async Task RaiseMotionRulesAsync(string feed, ZoneMotion start)
    {
        foreach (var rule in _rules.Firing(RuleTrigger.Motion, _zone, start.Ts))
            await GrainFactory.RaiseAlertAsync(_site, AlertRaising.Signal(rule, _zone, feed, start.Ts, $"motion:{start.Camera}:{start.EventId}"));
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
            where now - feed.Value >= rule.Threshold && !state.State.ContinuousFired.Contains(FiredKey(rule, feed.Key, feed.Value))
            select (Rule: rule, Feed: feed.Key, Since: feed.Value, At: feed.Value + rule.Threshold)).ToList();
        if (due.Count > 0)
        {
            foreach (var (rule, feed, since, at) in due)
            {
                state.State.ContinuousFired.Add(FiredKey(rule, feed, since));
                if (_rules.HoldsAt(rule, at))
                    state.State.OwedAlerts.Add(AlertRaising.Signal(rule, _zone, feed, at, $"loitering:{feed}:{since.UtcTicks}"));
            }
            // Owed and fired in one write, before the control room hears of it.
            await state.WriteStateAsync(cancellationToken);
        }
        if (state.State.OwedAlerts.Count > 0) _delivery.Kick();
    }

    private static string FiredKey(AlertRule rule, string feed, DateTimeOffset since) => $"{rule.Id}|{feed}|{since.UtcTicks}";

    /// <summary>Delivers the owed loitering alerts; the checkpoint saves that they are no longer owed.</summary>
    private async Task DeliverOwedAsync()
    {
        if (await GrainFactory.DeliverOwedAsync(_site, state.State.OwedAlerts, logger)) _checkpoint.MarkChanged();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => CheckpointAsync(cancellationToken);

    private Task CheckpointAsync(CancellationToken cancellationToken) => _checkpoint.SaveAsync(cancellationToken);
}
