using System.Collections.Immutable;

namespace CameraBeheer.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class CameraGrainTests(ClusterFixture fixture)
{
    private const int ManyEvents = 1500;

    private static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Motion_start_marks_the_region_active_with_its_time_and_score()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var camera = Camera("start-site", "cam-01");

        Assert.True(await camera.RecordMotionAsync(Motion("m-1", T0, MotionPhase.Start, "door", 0.82)));

        var snapshot = await camera.GetSnapshotAsync();
        var door = Assert.Single(snapshot.Regions);
        Assert.Equal(new RegionMotionSnapshot("door", true, T0, 0.82), door);
        Assert.Equal(T0, snapshot.LastMotion);
        Assert.Equal("door", snapshot.LastMotionRegion);
        Assert.Equal(now, snapshot.LastSeen);
        Assert.Equal(("start-site", "cam-01"), (snapshot.Site, snapshot.Camera));
    }

    [Fact]
    public async Task Motion_without_a_region_is_kept_as_the_whole_view()
    {
        var camera = Camera("whole-view-site", "cam-01");

        await camera.RecordMotionAsync(Motion("m-1", T0, MotionPhase.Start, region: null, 0.4));

        var snapshot = await camera.GetSnapshotAsync();
        Assert.Equal(new RegionMotionSnapshot(CameraGrain.WholeView, true, T0, 0.4), Assert.Single(snapshot.Regions));
        Assert.Null(snapshot.LastMotionRegion);
    }

    [Fact]
    public async Task Motion_end_marks_the_region_inactive()
    {
        var camera = Camera("end-site", "cam-01");

        await camera.RecordMotionAsync(Motion("m-1", T0, MotionPhase.Start, "door", 0.9));
        await camera.RecordMotionAsync(Motion("m-2", T0.AddSeconds(1), MotionPhase.Update, "door", 0.95));
        Assert.True(Assert.Single((await camera.GetSnapshotAsync()).Regions).Active);
        await camera.RecordMotionAsync(Motion("m-3", T0.AddSeconds(4), MotionPhase.End, "door", 0.1));

        var door = Assert.Single((await camera.GetSnapshotAsync()).Regions);
        Assert.Equal(new RegionMotionSnapshot("door", false, T0.AddSeconds(4), 0.1), door);
    }

    [Fact]
    public async Task Last_motion_follows_the_newest_timestamp_and_a_late_older_event_does_not_move_it_back()
    {
        var camera = Camera("late-site", "cam-01");

        await camera.RecordMotionAsync(Motion("m-1", T0, MotionPhase.Start, "door", 0.5));
        await camera.RecordMotionAsync(Motion("m-2", T0.AddSeconds(10), MotionPhase.Start, "yard", 0.6));
        // Delivered late: happened between the two above, in a third region.
        await camera.RecordMotionAsync(Motion("m-3", T0.AddSeconds(5), MotionPhase.Start, "gate", 0.7));

        var snapshot = await camera.GetSnapshotAsync();
        Assert.Equal(T0.AddSeconds(10), snapshot.LastMotion);
        Assert.Equal("yard", snapshot.LastMotionRegion);
        Assert.Equal(["door", "gate", "yard"], snapshot.Regions.Select(r => r.Region));
        Assert.Equal(3, snapshot.EventsReceived);

        await camera.RecordMotionAsync(Motion("m-4", T0.AddSeconds(11), MotionPhase.Update, "door", 0.5));
        snapshot = await camera.GetSnapshotAsync();
        Assert.Equal(T0.AddSeconds(11), snapshot.LastMotion);
        Assert.Equal("door", snapshot.LastMotionRegion);
    }

    [Fact]
    public async Task A_late_older_event_does_not_move_a_region_back_or_reactivate_it()
    {
        var camera = Camera("late-region-site", "cam-01");

        await camera.RecordMotionAsync(Motion("m-1", T0, MotionPhase.Start, "door", 0.9));
        await camera.RecordMotionAsync(Motion("m-3", T0.AddSeconds(4), MotionPhase.End, "door", 0.1));
        // The update between start and end arrives after the end.
        await camera.RecordMotionAsync(Motion("m-2", T0.AddSeconds(2), MotionPhase.Update, "door", 0.95));

        var door = Assert.Single((await camera.GetSnapshotAsync()).Regions);
        Assert.Equal(new RegionMotionSnapshot("door", false, T0.AddSeconds(4), 0.1), door);
    }

    [Fact]
    public async Task The_same_event_id_twice_is_recorded_once()
    {
        var camera = Camera("dedupe-site", "cam-01");

        Assert.True(await camera.RecordMotionAsync(Motion("m-1", T0, MotionPhase.Start, "door", 0.5)));
        // A redelivery carries the same id even if a field differs; the first recording stands.
        Assert.False(await camera.RecordMotionAsync(Motion("m-1", T0.AddSeconds(3), MotionPhase.End, "door", 0.1)));

        var snapshot = await camera.GetSnapshotAsync();
        Assert.Equal(1, snapshot.EventsReceived);
        Assert.Equal(new RegionMotionSnapshot("door", true, T0, 0.5), Assert.Single(snapshot.Regions));
    }

    [Fact]
    public async Task Dedupe_window_and_state_survive_a_restart_of_the_silo()
    {
        const string key = "restart-site/cam-01";
        var camera = fixture.Grains.GetGrain<ICameraGrain>(key);
        await camera.RecordStatusAsync(new StatusObservation(true, T0));
        await camera.RecordMotionAsync(Motion("m-1", T0, MotionPhase.Start, "door", 0.5));
        await camera.RecordMotionAsync(Motion("m-2", T0.AddSeconds(2), MotionPhase.End, "door", 0.2));
        var before = await camera.GetSnapshotAsync();

        await fixture.RestartAsync();

        camera = fixture.Grains.GetGrain<ICameraGrain>(key);
        Assert.Equal(before, await camera.GetSnapshotAsync(), SnapshotComparer.Instance);
        Assert.False(await camera.RecordMotionAsync(Motion("m-1", T0, MotionPhase.Start, "door", 0.5)));
        Assert.False(await camera.RecordMotionAsync(Motion("m-2", T0.AddSeconds(2), MotionPhase.End, "door", 0.2)));
        Assert.Equal(3, (await camera.GetSnapshotAsync()).EventsReceived);
        Assert.True(await camera.RecordMotionAsync(Motion("m-3", T0.AddSeconds(5), MotionPhase.Start, "door", 0.7)));
        Assert.Equal(4, (await camera.GetSnapshotAsync()).EventsReceived);
    }

    [Fact]
    public async Task A_redelivery_is_recognised_however_many_events_came_after_it_and_is_logged_once()
    {
        var camera = Camera("window-site", "cam-01");
        Assert.True(await camera.RecordMotionAsync(Motion("e-0", T0, MotionPhase.Update, "door", 0.5)));
        // 1,500 newer events spread over more than four hours, more than the grain keeps in memory.
        var later = Enumerable.Range(1, ManyEvents).Select(i => CameraEvent.Of(Motion($"e-{i}", T0.AddSeconds(10 * i), MotionPhase.Update, "door", 0.5))).ToImmutableArray();
        Assert.All(await camera.AcceptAsync(later), Assert.True);

        Assert.False(await camera.RecordMotionAsync(Motion("e-0", T0, MotionPhase.Update, "door", 0.5)));
        Assert.False(await camera.RecordMotionAsync(Motion($"e-{ManyEvents}", T0.AddSeconds(10 * ManyEvents), MotionPhase.Update, "door", 0.5)));
        Assert.Equal(ManyEvents + 1, (await camera.GetSnapshotAsync()).EventsReceived);

        var log = await fixture.Store.GetAsync(EventLog.HourBlob("window-site", "cam-01", T0), TestContext.Current.CancellationToken);
        var lines = System.Text.Encoding.UTF8.GetString(log!.Content.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.Contains("\"id\":\"e-0\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_is_unknown_before_any_report()
    {
        var camera = Camera("unknown-site", "cam-01");

        var snapshot = await camera.GetSnapshotAsync();

        Assert.Equal(CameraStatus.Unknown, snapshot.Status);
        Assert.Null(snapshot.LastSeen);
        Assert.Null(snapshot.LastMotion);
        Assert.Empty(snapshot.Regions);
        Assert.Equal(0, snapshot.EventsReceived);
    }

    [Fact]
    public async Task Status_goes_online_then_offline()
    {
        var camera = Camera("status-site", "cam-01");

        await camera.RecordStatusAsync(new StatusObservation(true, T0));
        Assert.Equal(CameraStatus.Online, (await camera.GetSnapshotAsync()).Status);
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(12));
        await camera.RecordStatusAsync(new StatusObservation(false, T0.AddMinutes(1)));

        var snapshot = await camera.GetSnapshotAsync();
        Assert.Equal(CameraStatus.Offline, snapshot.Status);
        Assert.Equal(now, snapshot.LastSeen);
    }

    [Fact]
    public async Task An_older_status_report_arriving_after_a_newer_one_is_ignored()
    {
        var camera = Camera("retained-site", "cam-01");
        var seen = fixture.MoveClockToFreshDay(TimeSpan.FromHours(7));
        await camera.RecordStatusAsync(new StatusObservation(false, T0.AddMinutes(5)));

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        // e.g. the retained "online" of the broker, delivered after the edge's newer "offline".
        await camera.RecordStatusAsync(new StatusObservation(true, T0));

        var snapshot = await camera.GetSnapshotAsync();
        Assert.Equal(CameraStatus.Offline, snapshot.Status);
        Assert.Equal(seen, snapshot.LastSeen);
        Assert.Equal(1, snapshot.EventsReceived);
    }

    private ICameraGrain Camera(string site, string camera) => fixture.Grains.GetGrain<ICameraGrain>(GrainKeys.Camera(site, camera));

    private static MotionObservation Motion(string id, DateTimeOffset ts, MotionPhase phase, string? region, double score) =>
        new(id, ts, phase, region, Preset: null, score);

    /// <summary>Snapshots compare by value, regions included (a record's list compares by reference).</summary>
    private sealed class SnapshotComparer : IEqualityComparer<CameraSnapshot>
    {
        public static readonly SnapshotComparer Instance = new();

        public bool Equals(CameraSnapshot? x, CameraSnapshot? y) =>
            x is not null && y is not null
            && x with { Regions = [] } == y with { Regions = [] }
            && x.Regions.SequenceEqual(y.Regions);

        public int GetHashCode(CameraSnapshot obj) => obj.Camera.GetHashCode(StringComparison.Ordinal);
    }
}
