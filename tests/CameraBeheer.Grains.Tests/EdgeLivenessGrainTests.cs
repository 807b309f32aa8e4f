using System.Collections.Immutable;
using CameraBeheer.Contracts.EdgeAgents;

namespace CameraBeheer.Grains.Tests;

/// <summary>
/// An edge agent's status and will, as the ingest hands them to the site's liveness grain: its cameras follow it, the
/// built-in technical rules raise edge-offline, edge-dropped and edge-disk-full, and a status seen again raises nothing twice.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EdgeLivenessGrainTests(ClusterFixture fixture)
{
    private IEdgeLivenessGrain Liveness => fixture.Grains.GetGrain<IEdgeLivenessGrain>(AlertTestKit.Site);

    [Fact]
    public async Task An_agent_going_offline_takes_its_cameras_offline_at_once_raises_edge_offline_and_camera_offline_follows()
    {
        var connected = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        await RegisterAsync("liveness-a", "cam-20", "cam-21");
        await ReportAsync(new AgentStatusReport("liveness-a", true, connected));
        // The cameras report themselves online after the agent connected; the will carries the (older) connect time.
        foreach (var camera in new[] { "cam-20", "cam-21" })
            await fixture.Camera(camera).RecordStatusAsync(new StatusObservation(true, connected.AddSeconds(1)));
        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        var heard = fixture.Clock.GetUtcNow();

        await ReportAsync(new AgentStatusReport("liveness-a", false, connected));

        Assert.Equal(CameraStatus.Offline, (await fixture.Camera("cam-20").GetSnapshotAsync()).Status);
        Assert.Equal(CameraStatus.Offline, (await fixture.Camera("cam-21").GetSnapshotAsync()).Status);
        var alert = Assert.Single(await fixture.AlertsAsync("edge-offline", heard));
        Assert.Equal((AlertPriority.High, AlertCategory.Technical, AlertPlaceKind.Agent, "liveness-a"), (alert.Priority, alert.Category, alert.PlaceKind, alert.Place));
        var listed = Assert.Single(await Liveness.ListAsync(), a => a.Agent == "liveness-a");
        Assert.Equal((AgentState.Offline, heard, heard), (listed.State, listed.LastSeen, listed.Since));

        var camera20 = fixture.Camera("cam-20");
        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(3), camera20.GetSnapshotAsync);
        await fixture.WaitForAlertAsync("camera-offline", heard.AddMinutes(2));
        await ReportAsync(new AgentStatusReport("liveness-a", true, fixture.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task An_agent_back_online_brings_its_cameras_back_and_its_alert_is_not_reopened()
    {
        var connected = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        await RegisterAsync("liveness-b", "cam-22");
        await ReportAsync(new AgentStatusReport("liveness-b", true, connected));
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        var heard = fixture.Clock.GetUtcNow();
        await ReportAsync(new AgentStatusReport("liveness-b", false, connected));
        Assert.Equal(CameraStatus.Offline, (await fixture.Camera("cam-22").GetSnapshotAsync()).Status);

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var back = fixture.Clock.GetUtcNow();
        await ReportAsync(new AgentStatusReport("liveness-b", true, back));
        // Its periodic online reports change nothing either.
        await ReportAsync(new AgentStatusReport("liveness-b", true, back.AddSeconds(30)));

        Assert.Equal(CameraStatus.Online, (await fixture.Camera("cam-22").GetSnapshotAsync()).Status);
        var alert = Assert.Single((await fixture.ControlRoom().ListAsync(AlertFilter.All)).Where(a => a.RuleId == "edge-offline" && a.Place == "liveness-b"));
        Assert.Equal((heard, 1), (alert.FirstSeen, alert.Count));
        Assert.Equal(AgentState.Online, Assert.Single(await Liveness.ListAsync(), a => a.Agent == "liveness-b").State);
    }

    [Fact]
    public async Task Growing_drop_figures_raise_edge_dropped_with_what_was_lost_and_a_full_disk_raises_edge_disk_full()
    {
        var at = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        await RegisterAsync("liveness-c", "cam-23");
        var lastDrop = at.AddMinutes(-1);
        await ReportAsync(new AgentStatusReport("liveness-c", true, at, new AgentDrops(0, 0, 0, 0, 0, null, null), new AgentDisk("/var/lib/edge/footage", 5_000, 1_000, false)));
        Assert.Empty((await fixture.ControlRoom().ListAsync(AlertFilter.All)).Where(a => a.Place == "liveness-c"));

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var dropped = fixture.Clock.GetUtcNow();
        await ReportAsync(new AgentStatusReport("liveness-c", true, dropped, new AgentDrops(3, 1, 2, 4_096, 0, lastDrop, "segment cam-23 (outbox full)"),
            new AgentDisk("/var/lib/edge/footage", 500, 1_000, true)));

        var drop = Assert.Single(await fixture.AlertsAsync("edge-dropped", dropped));
        Assert.Equal((AlertCategory.Technical, "liveness-c"), (drop.Category, drop.Place));
        Assert.Equal($"3 footage events, 1 other event, 2 spooled files (4,096 bytes) dropped; last: segment cam-23 (outbox full) at {lastDrop.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z", drop.Source);
        var disk = Assert.Single(await fixture.AlertsAsync("edge-disk-full", dropped));
        Assert.Equal(("liveness-c", "/var/lib/edge/footage"), (disk.Place, disk.Source));
    }

    [Fact]
    public async Task A_status_seen_again_after_a_backend_restart_raises_nothing_twice()
    {
        var at = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        await RegisterAsync("liveness-d", "cam-24");
        await ReportAsync(new AgentStatusReport("liveness-d", true, at, AgentDrops.None));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var heard = fixture.Clock.GetUtcNow();
        var will = new AgentStatusReport("liveness-d", false, at, new AgentDrops(1, 0, 0, 0, 0, heard, "motion cam-24"), new AgentDisk("/data", 1, 10, true));
        await ReportAsync(will);

        await fixture.RestartAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        // The broker hands the retained will to the restarted backend's new subscription.
        await ReportAsync(will);

        var mine = (await fixture.ControlRoom().ListAsync(AlertFilter.All)).Where(a => a.Place == "liveness-d").ToList();
        Assert.Equal(["edge-disk-full", "edge-dropped", "edge-offline"], mine.Select(a => a.RuleId).Order(StringComparer.Ordinal));
        Assert.All(mine, a => Assert.Equal(1, a.Count));
        Assert.Equal(CameraStatus.Offline, (await fixture.Camera("cam-24").GetSnapshotAsync()).Status);
    }

    [Fact]
    public async Task A_restarted_agent_counts_its_drops_from_zero_again_and_a_new_drop_is_still_raised()
    {
        var at = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        await ReportAsync(new AgentStatusReport("liveness-unregistered", true, at, new AgentDrops(5, 0, 0, 0, 0, at, "motion cam-25")));
        Assert.Single(await fixture.AlertsAsync("edge-dropped", at));

        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        var again = fixture.Clock.GetUtcNow();
        await ReportAsync(new AgentStatusReport("liveness-unregistered", true, again, new AgentDrops(2, 0, 0, 0, 0, again, "motion cam-25")));

        var second = Assert.Single(await fixture.AlertsAsync("edge-dropped", again));
        Assert.StartsWith("2 footage events dropped", second.Source);
        // Not in the register: known from its status messages alone.
        Assert.Equal(AgentState.Online, Assert.Single(await Liveness.ListAsync(), a => a.Agent == "liveness-unregistered").State);
    }

    [Fact]
    public async Task An_agent_going_offline_takes_its_gates_offline_at_once_and_they_come_back_with_it()
    {
        var connected = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        // A gate of its own: the site's real gate is shared by the other tests of this cluster.
        const string gate = "liveness-poort";
        await fixture.Grains.GetGrain<IEdgeAgentsGrain>(AlertTestKit.Site)
            .AddAsync("liveness-g", ["cam-24"], [gate], MosquittoPasswordHash.Create(EdgeAgentSecret.New()), "test");
        var gateGrain = fixture.Grains.GetGrain<IGateGrain>(GrainKeys.Gate(AlertTestKit.Site, gate));
        await gateGrain.AcceptAsync([new GateObservation("liveness-g-1", connected, "closed", null)]);
        Assert.True((await gateGrain.GetSnapshotAsync()).Online);
        await ReportAsync(new AgentStatusReport("liveness-g", true, connected));

        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        await ReportAsync(new AgentStatusReport("liveness-g", false, connected));
        Assert.False((await gateGrain.GetSnapshotAsync()).Online);

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await ReportAsync(new AgentStatusReport("liveness-g", true, fixture.Clock.GetUtcNow()));
        Assert.True((await gateGrain.GetSnapshotAsync()).Online);
    }

    private Task ReportAsync(AgentStatusReport report) => Liveness.ReportAsync([report]);

    private Task RegisterAsync(string agent, params string[] cameras) =>
        fixture.Grains.GetGrain<IEdgeAgentsGrain>(AlertTestKit.Site)
            .AddAsync(agent, [.. cameras], ImmutableArray<string>.Empty, MosquittoPasswordHash.Create(EdgeAgentSecret.New()), "test");
}
