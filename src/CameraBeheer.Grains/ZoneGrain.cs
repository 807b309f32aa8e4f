using System.Collections.Immutable;
using CameraBeheer.Abstractions;
using CameraBeheer.Storage;

namespace CameraBeheer.Grains;

/// <summary>The zone's live picture: which feeds (camera, region) see motion now. Rules and alerts build on it.</summary>
[GenerateSerializer]
public sealed class ZoneState
{
    /// <summary>Feed (<c>camera</c> or <c>camera/region</c>) → when its motion started.</summary>
    [Id(0)] public Dictionary<string, DateTimeOffset> ActiveFeeds { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public DateTimeOffset? LastChange { get; set; }
}

/// <summary>
/// One zone: keeps which of its feeds are active, from the motion transitions its cameras pass on. The state is
/// checkpointed every few seconds and on deactivation, not at every transition: at a busy moment transitions come faster
/// than a disk takes writes, and the zone must keep up with its cameras rather than fall behind them.
/// </summary>
public sealed class ZoneGrain([PersistentState("zone", StorageNames.Default)] IPersistentState<ZoneState> state) : Grain, IZoneGrain
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(2);
    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(CheckpointAsync, CheckpointInterval, CheckpointInterval);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => CheckpointAsync(cancellationToken);

    public Task MotionChangedAsync(ZoneMotion motion)
    {
        var feed = motion.Region is null ? motion.Camera : $"{motion.Camera}/{motion.Region}";
        var changed = motion.Active
            ? state.State.ActiveFeeds.TryAdd(feed, motion.Ts)
            : state.State.ActiveFeeds.Remove(feed);
        if (!changed) return Task.CompletedTask;
        state.State.LastChange = motion.Ts;
        _dirty = true;
        return Task.CompletedTask;
    }

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

    public Task<ZoneSnapshot> GetSnapshotAsync() =>
        Task.FromResult(new ZoneSnapshot(
            GrainKeys.Split(this.GetPrimaryKeyString()).Id,
            [.. state.State.ActiveFeeds.Keys.Order(StringComparer.Ordinal)],
            state.State.LastChange));
}
