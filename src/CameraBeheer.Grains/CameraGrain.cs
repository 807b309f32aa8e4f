using CameraBeheer.Abstractions;
using CameraBeheer.Storage;

namespace CameraBeheer.Grains;

/// <summary>One camera: keeps its status and motion per region, and recognises redelivered events.</summary>
public sealed class CameraGrain(
    [PersistentState("camera", StorageNames.Default)] IPersistentState<CameraState> state,
    TimeProvider time) : Grain, ICameraGrain
{
    /// <summary>How many recent event ids are kept to recognise redeliveries.</summary>
    internal const int DedupeWindow = 1024;

    /// <summary>A motion event without a region covers the whole view; it is kept under this name.</summary>
    public const string WholeView = "";

    private HashSet<string>? _recentIds;

    private HashSet<string> RecentIds => _recentIds ??= new(state.State.RecentEventIds, StringComparer.Ordinal);

    public async Task<bool> RecordMotionAsync(MotionObservation motion)
    {
        if (!RecentIds.Add(motion.Id)) return false;
        RememberId(motion.Id);

        var camera = state.State;
        var regionName = motion.Region ?? WholeView;
        if (!camera.Regions.TryGetValue(regionName, out var region))
            camera.Regions[regionName] = region = new RegionMotionState();
        region.Active = motion.Phase != MotionPhase.End;
        region.LastMotion = motion.Ts;
        region.LastScore = motion.Score;
        if (camera.LastMotion is null || motion.Ts >= camera.LastMotion)
        {
            camera.LastMotion = motion.Ts;
            camera.LastMotionRegion = motion.Region;
        }
        Seen();
        await state.WriteStateAsync();
        return true;
    }

    public async Task RecordStatusAsync(StatusObservation status)
    {
        var camera = state.State;
        // A retained status can arrive after a newer one: the newest report wins.
        if (camera.LastStatusTs is { } last && status.Ts < last) return;
        camera.Online = status.Online;
        camera.LastStatusTs = status.Ts;
        Seen();
        await state.WriteStateAsync();
    }

    public Task<CameraSnapshot> GetSnapshotAsync()
    {
        var (site, camera) = GrainKeys.Split(this.GetPrimaryKeyString());
        var s = state.State;
        var regions = s.Regions
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new RegionMotionSnapshot(r.Key, r.Value.Active, r.Value.LastMotion, r.Value.LastScore))
            .ToList();
        var status = s.Online switch { true => CameraStatus.Online, false => CameraStatus.Offline, null => CameraStatus.Unknown };
        return Task.FromResult(new CameraSnapshot(site, camera, status, s.LastSeen, s.LastMotion, s.LastMotionRegion, regions, s.EventsReceived));
    }

    private void Seen()
    {
        state.State.EventsReceived++;
        state.State.LastSeen = time.GetUtcNow();
    }

    private void RememberId(string id)
    {
        var ids = state.State.RecentEventIds;
        ids.Add(id);
        if (ids.Count <= DedupeWindow) return;
        RecentIds.Remove(ids[0]);
        ids.RemoveAt(0);
    }
}
