using CameraBeheer.Domain.Alerts;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Grains;

/// <summary>
/// One camera, and the single writer of its event log. A batch of events is checked against the log's hour buckets
/// (redeliveries are dropped), the new events are appended with one write per bucket, and only then applied to the
/// camera's state: status, motion per region, the current preset of a dome, the segment index. Motion starting or
/// ending in a region is owed to the zones that region (and preset) feeds, and delivered with awaited calls after the
/// batch returns; a zone change stays owed until the zone took it. The state is checkpointed every few seconds and on
/// deactivation; after a crash the activation replays the log lines the checkpoint had not seen, which owes their zone
/// changes again, and delivers what the checkpoint still owed: the event log is the outbox, so the hot path adds no write.
/// The same timer checks the camera-offline rules: offline, and no online report within the rule's threshold; a rule
/// that fires is saved as owed with the mark that it fired, before the control room hears of it.
/// </summary>
public sealed class CameraGrain(
    [PersistentState("camera", StorageNames.Default)] IPersistentState<CameraState> state,
    EventLog eventLog,
    TimeProvider time,
    ILogger<CameraGrain> logger,
    SiteConfiguration? site = null) : Grain, ICameraGrain
{
    /// <summary>Motion without a region covers the whole view; it is kept under this name.</summary>
    public const string WholeView = "";

    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(2);

    /// <summary>The segment index outlives the four weeks a little: footage under a legal hold may be older, and the store is the truth anyway.</summary>
    private const int IndexKeptDays = 120;

    private EventLogBuckets _buckets = null!;
    private string _site = "";
    private string _camera = "";
    private readonly StateCheckpoint<CameraState> _checkpoint = new(state);
    private AlertRules _rules = AlertRules.None;
    private IReadOnlyList<AlertRule> _offlineRules = [];
    private DeliveryLoop _delivery = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _delivery = new DeliveryLoop(DeliverOwedAsync);
        (_site, _camera) = GrainKeys.Split(this.GetPrimaryKeyString());
        _buckets = new EventLogBuckets(eventLog, _site, _camera);
        // Only the site's configured cameras have rules: a camera the file does not name is not watched.
        _rules = site?.FindCamera(_camera) is null ? AlertRules.None : AlertRules.For(site, _site);
        _offlineRules = _rules.RulesFor(RuleTrigger.CameraOffline, _camera);
        await ReplayUnappliedAsync();
        // A state from before the outage was kept: the moment of hearing it counts from this activation.
        if (state.State.Online == false && state.State.OfflineSince is null)
        {
            state.State.OfflineSince = time.GetUtcNow();
            _checkpoint.MarkChanged();
        }
        this.RegisterGrainTimer(TickAsync, CheckpointInterval, CheckpointInterval);
        _delivery.Kick();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await CheckpointAsync(cancellationToken);

    public async Task<ImmutableArray<bool>> AcceptAsync(ImmutableArray<CameraEvent> events)
    {
        using var span = GrainTracing.Source.StartActivity("camera.accept");
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("camerabeheer.site", _site);
            span.SetTag("camerabeheer.camera", _camera);
            span.SetTag("camerabeheer.events", events.Length);
        }
        bool[] fresh;
        try
        {
            fresh = await _buckets.AppendNewAsync(events, e => e.Id, e => e.Ts, CameraEventJson.ToEntry);
        }
        catch (Exception e)
        {
            // Some buckets may be written and not applied: a fresh activation replays them from the log.
            logger.LogError(e, "Appending to the event log of {Site}/{Camera} failed; the activation restarts from the log", _site, _camera);
            DeactivateOnIdle();
            throw;
        }
        for (var i = 0; i < events.Length; i++)
            if (fresh[i]) Apply(events[i]);
        if (state.State.OwedZoneChanges.Count > 0) _delivery.Kick();
        return [.. fresh];
    }

    public async Task<bool> RecordMotionAsync(MotionObservation motion) => (await AcceptAsync([CameraEvent.Of(motion)]))[0];

    public Task RecordStatusAsync(StatusObservation status) => AcceptAsync([CameraEvent.Of(status)]);

    public async Task<bool> FollowEdgeAgentAsync(bool agentOnline, DateTimeOffset ts)
    {
        if (state.State.Online == agentOnline) return false;
        // The will carries the time the agent connected, older than the camera's own reports since: the agent's word is
        // dated no earlier than those, so it is not taken for a stale retained report. Its own id keeps it apart from a
        // camera report of the same instant.
        var at = state.State.LastStatusTs is { } last && last > ts ? last : ts;
        var id = $"agent-{(agentOnline ? "online" : "offline")}-{at.UtcTicks}";
        return (await AcceptAsync([new CameraEvent(id, at, Status: new StatusObservation(agentOnline, at))]))[0];
    }

    public Task<CameraSnapshot> GetSnapshotAsync()
    {
        var s = state.State;
        var regions = s.Regions
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new RegionMotionSnapshot(r.Key, r.Value.Active, r.Value.LastMotion, r.Value.LastScore))
            .ToList();
        var status = s.Online switch { true => CameraStatus.Online, false => CameraStatus.Offline, null => CameraStatus.Unknown };
        return Task.FromResult(new CameraSnapshot(_site, _camera, status, s.LastSeen, s.LastMotion, s.LastMotionRegion, regions, s.EventsReceived, s.CurrentPreset));
    }

    public Task<CameraMotionNow> GetMotionNowAsync()
    {
        var active = state.State.Regions
            .Where(r => r.Value.Active)
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new ActiveRegion(r.Key == WholeView ? null : r.Key, r.Value.ActiveSince ?? r.Value.LastMotion))
            .ToImmutableArray();
        return Task.FromResult(new CameraMotionNow(state.State.CurrentPreset, active));
    }

    public async Task<ImmutableArray<SegmentObservation>> GetSegmentsAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var segments = ImmutableArray.CreateBuilder<SegmentObservation>();
        foreach (var key in state.State.Segments.Keys)
        {
            var hour = EventLogBuckets.ParseKey(key);
            if (hour < EventLog.HourOf(from) || hour >= to) continue;
            foreach (var entry in (await eventLog.ReadHourAsync(_site, _camera, hour)).Entries)
                if (entry.Type == CameraEventJson.Segment && CameraEventJson.FromEntry(entry)?.Segment is { } segment)
                    segments.Add(segment);
        }
        return [.. segments.OrderBy(s => s.Start)];
    }

    public Task<FootageSummary> GetFootageSummaryAsync(DateTimeOffset since)
    {
        var first = EventLogBuckets.Key(EventLog.HourOf(since));
        var buckets = state.State.Segments.Where(b => string.CompareOrdinal(b.Key, first) >= 0).Select(b => b.Value).ToList();
        return Task.FromResult(new FootageSummary(buckets.Sum(b => b.Count), buckets.Sum(b => b.Bytes)));
    }

    private void Apply(CameraEvent e)
    {
        var s = state.State;
        MarkApplied(EventLog.HourOf(e.Ts));
        // A retained status can arrive after a newer one (the broker replays it on subscribing): that is not the camera speaking.
        if (e.Status is { } stale && s.LastStatusTs is { } last && stale.Ts < last) return;
        s.EventsReceived++;
        s.LastSeen = time.GetUtcNow();
        if (e.Motion is { } motion) ApplyMotion(motion);
        if (e.Status is { } status) ApplyStatus(status);
        if (e.Segment is { } segment) ApplySegment(segment);
        _checkpoint.MarkChanged();
    }

    private void ApplyMotion(MotionObservation motion)
    {
        var s = state.State;
        if (motion.Preset is { } preset) s.CurrentPreset = preset;
        var regionName = motion.Region ?? WholeView;
        if (!s.Regions.TryGetValue(regionName, out var region))
            s.Regions[regionName] = region = new RegionMotionState { LastMotion = DateTimeOffset.MinValue };
        // A late, older event says nothing about now: the newest report of a region wins.
        if (motion.Ts < region.LastMotion) return;
        var wasActive = region.Active;
        region.Active = motion.Phase != MotionPhase.End;
        if (region.Active && !wasActive) region.ActiveSince = motion.Ts;
        if (!region.Active) region.ActiveSince = null;
        region.LastMotion = motion.Ts;
        region.LastScore = motion.Score;
        if (s.LastMotion is null || motion.Ts >= s.LastMotion)
        {
            s.LastMotion = motion.Ts;
            s.LastMotionRegion = motion.Region;
        }
        if (wasActive != region.Active) TellZones(motion, region.Active);
    }

    private void ApplyStatus(StatusObservation status)
    {
        var s = state.State;
        var wasOffline = s.Online == false;
        s.Online = status.Online;
        s.LastStatusTs = status.Ts;
        // The edge's will carries the time it connected, not when it went away: only the moment of hearing it counts.
        if (status.Online)
        {
            s.OfflineSince = null;
            s.OfflineFired.Clear();
        }
        else if (!wasOffline)
        {
            s.OfflineSince = time.GetUtcNow();
        }
    }

    /// <summary>Owes what fired, saves it with the rest, then delivers: an alert is never sent before it is stored as owed.</summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        OweOfflineAlerts();
        await CheckpointAsync(cancellationToken);
        if (state.State.OwedZoneChanges.Count > 0 || state.State.OwedAlerts.Count > 0) _delivery.Kick();
    }

    /// <summary>Each offline rule fires once per outage, as of the moment its threshold was reached; the outage's start is the alert's cause.</summary>
    private void OweOfflineAlerts()
    {
        var s = state.State;
        if (s.OfflineSince is not { } since || _offlineRules.Count == 0) return;
        var now = time.GetUtcNow();
        foreach (var rule in _offlineRules)
        {
            var at = since + rule.Threshold;
            if (now < at || !s.OfflineFired.Add(rule.Id)) continue;
            _checkpoint.MarkChanged();
            if (_rules.HoldsAt(rule, at))
                s.OwedAlerts.Add(AlertRaising.Signal(rule, _camera, _camera, at, $"offline:{_camera}:{since.UtcTicks}"));
        }
    }

    private void ApplySegment(SegmentObservation segment)
    {
        var key = EventLogBuckets.Key(EventLog.HourOf(segment.Start));
        if (!state.State.Segments.TryGetValue(key, out var bucket))
            state.State.Segments[key] = bucket = new SegmentBucket { Earliest = segment.Start, Latest = segment.End };
        bucket.Count++;
        bucket.Bytes += segment.Bytes;
        if (segment.Start < bucket.Earliest) bucket.Earliest = segment.Start;
        if (segment.End > bucket.Latest) bucket.Latest = segment.End;
    }

    /// <summary>Only transitions travel: a zone hears that motion started or ended, not every update. Owed here, delivered by <see cref="DeliverOwedAsync"/>.</summary>
    private void TellZones(MotionObservation motion, bool active)
    {
        if (site is null) return;
        var preset = motion.Preset ?? state.State.CurrentPreset;
        var change = new ZoneMotion(_camera, motion.Region, preset, active, motion.Ts, motion.Id);
        foreach (var zone in site.ZonesSeeing(_camera, motion.Region, preset))
            state.State.OwedZoneChanges.Add(new OwedZoneChange(GrainKeys.Zone(_site, zone.Id), change));
    }

    /// <summary>
    /// Delivers the owed zone changes in order (a zone must hear a start before its end), then the owed alerts, each
    /// with an awaited call, and forgets each once taken; the next checkpoint saves that. A failure leaves the rest owed
    /// for the next tick.
    /// </summary>
    private async Task DeliverOwedAsync()
    {
        var owed = state.State.OwedZoneChanges;
        while (owed.Count > 0)
        {
            var next = owed[0];
            try
            {
                await GrainFactory.GetGrain<IZoneGrain>(next.Zone).MotionChangedAsync(next.Change);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Zone {Zone} could not take a motion change of {Site}/{Camera} yet; {Owed} changes stay owed and are sent again", next.Zone, _site, _camera, owed.Count);
                return;
            }
            owed.Remove(next);
            _checkpoint.MarkChanged();
        }
        if (await GrainFactory.DeliverOwedAsync(_site, state.State.OwedAlerts, logger)) _checkpoint.MarkChanged();
    }

    /// <summary>Applies the log lines of recent buckets that the checkpoint had not seen (a crash since the last checkpoint).</summary>
    private async Task ReplayUnappliedAsync()
    {
        var now = EventLog.HourOf(time.GetUtcNow());
        var hours = state.State.AppliedLines.Keys.Select(EventLogBuckets.ParseKey).Append(now).Append(now.AddHours(-1)).Distinct().Order();
        foreach (var hour in hours)
        {
            var (_, loaded) = await _buckets.GetAsync(hour);
            var applied = state.State.AppliedLines.GetValueOrDefault(EventLogBuckets.Key(hour));
            foreach (var entry in (loaded ?? []).Skip(applied))
            {
                if (CameraEventJson.FromEntry(entry) is { } e) Apply(e);
                else MarkApplied(hour);
            }
        }
        PruneAppliedLines(now);
    }

    private void MarkApplied(DateTimeOffset hour)
    {
        var key = EventLogBuckets.Key(hour);
        state.State.AppliedLines[key] = state.State.AppliedLines.GetValueOrDefault(key) + 1;
        _checkpoint.MarkChanged();
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        if (!_checkpoint.Changed) return;
        PruneAppliedLines(EventLog.HourOf(time.GetUtcNow()));
        await _checkpoint.SaveAsync(cancellationToken);
    }

    /// <summary>Keeps the replay marks of the last few hours only (older buckets are not replayed), and the segment index within retention and a margin.</summary>
    private void PruneAppliedLines(DateTimeOffset now)
    {
        var oldestIndexed = EventLogBuckets.Key(now.AddDays(-IndexKeptDays));
        foreach (var key in state.State.Segments.Keys.Where(k => string.CompareOrdinal(k, oldestIndexed) < 0).ToList())
            state.State.Segments.Remove(key);
        var oldest = EventLogBuckets.Key(now.AddHours(-3));
        foreach (var key in state.State.AppliedLines.Keys.Where(k => string.CompareOrdinal(k, oldest) < 0).ToList())
            state.State.AppliedLines.Remove(key);
    }
}
