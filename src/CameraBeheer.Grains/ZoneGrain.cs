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

/// <summary>One zone: keeps which of its feeds are active, from the motion transitions its cameras pass on.</summary>
public sealed class ZoneGrain([PersistentState("zone", StorageNames.Default)] IPersistentState<ZoneState> state) : Grain, IZoneGrain
{
    public async Task MotionChangedAsync(ZoneMotion motion)
    {
        var feed = motion.Region is null ? motion.Camera : $"{motion.Camera}/{motion.Region}";
        var changed = motion.Active
            ? state.State.ActiveFeeds.TryAdd(feed, motion.Ts)
            : state.State.ActiveFeeds.Remove(feed);
        if (!changed) return;
        state.State.LastChange = motion.Ts;
        // Transitions are rare next to motion updates: saving each one keeps the zone right across restarts.
        await state.WriteStateAsync();
    }

    public Task<ZoneSnapshot> GetSnapshotAsync() =>
        Task.FromResult(new ZoneSnapshot(
            GrainKeys.Split(this.GetPrimaryKeyString()).Id,
            [.. state.State.ActiveFeeds.Keys.Order(StringComparer.Ordinal)],
            state.State.LastChange));
}
