using System.Collections.Immutable;

namespace CameraBeheer.Grains.Tests;

/// <summary>The gate grain logs each gate event once and knows whether the gate stands open.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GateGrainTests(ClusterFixture fixture)
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task Opened_then_closed_leaves_the_gate_closed_and_a_forced_gate_open()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var gate = Gate("gate-open-close");
        await gate.AcceptAsync([new GateObservation("g-1", now, "opened", "badge-17"), new GateObservation("g-2", now.AddSeconds(8), "closed", null)]);
        var closed = await gate.GetSnapshotAsync();
        Assert.False(closed.Open);
        Assert.Equal("closed", closed.LastKind);

        await gate.AcceptAsync([new GateObservation("g-3", now.AddMinutes(1), "forced", null)]);
        Assert.True((await gate.GetSnapshotAsync()).Open);
    }

    [Fact]
    public async Task A_redelivered_gate_event_is_counted_and_logged_once_also_after_a_restart()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var gate = Gate("gate-dedupe");
        ImmutableArray<GateObservation> events = [new GateObservation("g-1", now, "badge", "badge-3"), new GateObservation("g-1", now, "badge", "badge-3")];
        Assert.Equal([true, false], await gate.AcceptAsync(events));

        await fixture.RestartAsync();
        gate = Gate("gate-dedupe");
        Assert.Equal([false], await gate.AcceptAsync([events[0]]));
        Assert.Equal(1, (await gate.GetSnapshotAsync()).EventsReceived);

        var log = await fixture.Store.GetAsync(EventLog.HourBlob(Site, EventLog.GateSource("gate-dedupe"), now), TestContext.Current.CancellationToken);
        Assert.Single(System.Text.Encoding.UTF8.GetString(log!.Content.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private IGateGrain Gate(string gate) => fixture.Grains.GetGrain<IGateGrain>(GrainKeys.Gate(Site, gate));
}
