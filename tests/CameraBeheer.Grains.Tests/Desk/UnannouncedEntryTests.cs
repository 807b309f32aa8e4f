using static CameraBeheer.Grains.Tests.Desk.DeskTestKit;

namespace CameraBeheer.Grains.Tests.Desk;

/// <summary>The gate opening with no badge, intercom call or guest check-in in the two minutes before raises an alert.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UnannouncedEntryTests(ClusterFixture fixture)
{
    private const string Gate = "hoofdingang";

    [Fact]
    public async Task The_gate_opened_at_2310_without_a_check_in_raises_the_alert_and_the_event_stays_logged()
    {
        var opened = fixture.MoveClockToLocal(_ => true, new TimeOnly(23, 10));
        Assert.Equal([true], await fixture.Gate(Gate).AcceptAsync([Open(opened)]));
        var alert = Assert.Single(await fixture.AlertsAsync(WorkflowRules.UnannouncedEntry.Id, opened));
        Assert.Equal(Gate, alert.Place);
    }

    [Fact]
    public async Task After_a_check_in_at_2309_the_opening_at_2310_raises_none()
    {
        var checkIn = fixture.MoveClockToLocal(_ => true, new TimeOnly(23, 9));
        var resident = await fixture.NewResidentAsync(AlertTestKit.Site);
        await fixture.CheckInAsync(AlertTestKit.Site, resident.Id);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await fixture.Gate(Gate).AcceptAsync([Open(checkIn.AddMinutes(1))]);
        Assert.Empty(await fixture.AlertsAsync(WorkflowRules.UnannouncedEntry.Id, checkIn.AddMinutes(1)));
    }

    [Fact]
    public async Task A_badge_or_intercom_call_before_the_opening_announces_it_and_one_three_minutes_before_does_not()
    {
        var opened = fixture.MoveClockToLocal(_ => true, new TimeOnly(23, 10));
        await fixture.Gate(Gate).AcceptAsync([new GateObservation(Guid.NewGuid().ToString("N"), opened.AddSeconds(-30), "badge", "04A317"), Open(opened)]);
        Assert.Empty(await fixture.AlertsAsync(WorkflowRules.UnannouncedEntry.Id, opened));

        var later = opened.AddMinutes(20);
        fixture.Clock.SetUtcNow(later);
        await fixture.Gate(Gate).AcceptAsync([new GateObservation(Guid.NewGuid().ToString("N"), later.AddMinutes(-1), "intercom", null)]);
        await fixture.Gate(Gate).AcceptAsync([Open(later)]);
        Assert.Empty(await fixture.AlertsAsync(WorkflowRules.UnannouncedEntry.Id, later));

        var stale = later.AddMinutes(20);
        fixture.Clock.SetUtcNow(stale);
        await fixture.Gate(Gate).AcceptAsync([new GateObservation(Guid.NewGuid().ToString("N"), stale.AddMinutes(-3), "badge", "04A318"), Open(stale)]);
        Assert.Single(await fixture.AlertsAsync(WorkflowRules.UnannouncedEntry.Id, stale));
    }

    private static GateObservation Open(DateTimeOffset at) => new(Guid.NewGuid().ToString("N"), at, "opened", null);
}
