using System.Collections.Immutable;

namespace CameraBeheer.Grains.Tests;

/// <summary>Camera grains pass motion transitions on to the zones their region (and, for a dome, preset) feeds.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ZoneGrainTests(ClusterFixture fixture)
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task Motion_starting_in_a_feeding_region_makes_the_camera_active_in_the_zone_and_ending_removes_it()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var camera = Camera("cam-04");
        var bikePath = Zone("fietspad");

        await camera.RecordMotionAsync(new MotionObservation("z-1", now, MotionPhase.Start, "bike-path", null, 0.7));
        var active = await WaitForAsync(bikePath, z => z.ActiveFeeds.Contains("cam-04/bike-path"));
        Assert.Equal(now, active.LastChange);

        await camera.RecordMotionAsync(new MotionObservation("z-2", now.AddSeconds(5), MotionPhase.End, "bike-path", null, 0.1));
        await WaitForAsync(bikePath, z => !z.ActiveFeeds.Contains("cam-04/bike-path"));
    }

    [Fact]
    public async Task Motion_in_a_region_reaches_only_the_zones_that_region_feeds()
    {
        // A camera no other test uses: zones are shared by the grain tests, and a feed left active would hide a transition.
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var camera = Camera("cam-29");
        await camera.RecordMotionAsync(new MotionObservation("z-3", now, MotionPhase.Start, "verge", null, 0.7));
        await WaitForAsync(Zone("straal-250m"), z => z.ActiveFeeds.Contains("cam-29/verge"));
        // The verge is outside the fence: the grounds (fed by the fence region of cam-29) hear nothing of it.
        Assert.DoesNotContain("cam-29/verge", (await Zone("terrein").GetSnapshotAsync()).ActiveFeeds);

        await camera.RecordMotionAsync(new MotionObservation("z-4", now.AddSeconds(5), MotionPhase.End, "verge", null, 0.1));
        await WaitForAsync(Zone("straal-250m"), z => !z.ActiveFeeds.Contains("cam-29/verge"));
    }

    [Fact]
    public async Task A_dome_feeds_the_zone_of_its_current_preset_only()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var dome = Camera("dome-01");
        // Preset 4 looks at the yard of De Kleine Wereld, not at the bike path (presets 1 and 2).
        await dome.RecordMotionAsync(new MotionObservation("d-1", now, MotionPhase.Start, null, 4, 0.8));
        await WaitForAsync(Zone("schoolplein-de-kleine-wereld"), z => z.ActiveFeeds.Contains("dome-01"));
        Assert.DoesNotContain("dome-01", (await Zone("fietspad").GetSnapshotAsync()).ActiveFeeds);
        Assert.Equal(4, (await dome.GetSnapshotAsync()).CurrentPreset);
    }

    [Fact]
    public async Task Updates_do_not_travel_to_zones_only_transitions_do()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var camera = Camera("cam-05");
        var events = new[]
        {
            new MotionObservation("u-1", now, MotionPhase.Start, "bike-path", null, 0.6),
            new MotionObservation("u-2", now.AddSeconds(1), MotionPhase.Update, "bike-path", null, 0.7),
            new MotionObservation("u-3", now.AddSeconds(2), MotionPhase.Update, "bike-path", null, 0.8),
        }.Select(CameraEvent.Of).ToImmutableArray();
        await camera.AcceptAsync(events);
        var zone = await WaitForAsync(Zone("fietspad"), z => z.ActiveFeeds.Contains("cam-05/bike-path"));
        // The zone's last change is the start, not the later updates.
        Assert.Equal(now, zone.LastChange);
    }

    private ICameraGrain Camera(string camera) => fixture.Grains.GetGrain<ICameraGrain>(GrainKeys.Camera(Site, camera));

    private IZoneGrain Zone(string zone) => fixture.Grains.GetGrain<IZoneGrain>(GrainKeys.Zone(Site, zone));

    /// <summary>Zone calls are one-way: wait (briefly) for the zone to have heard.</summary>
    private static Task<ZoneSnapshot> WaitForAsync(IZoneGrain zone, Func<ZoneSnapshot, bool> condition) =>
        Eventually.GetAsync(zone.GetSnapshotAsync, condition, "the zone to reach the expected state", every: TimeSpan.FromMilliseconds(20));
}
