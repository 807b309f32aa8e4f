using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace CameraBeheer.Grains.Tests;

/// <summary>
/// The control room grain: coalescing, escalation on the fake clock, acknowledging and resolving with readable errors,
/// persistence, and watchers that hear every change.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ControlRoomGrainTests(ClusterFixture fixture)
{
    private const string Grounds = "terrein-schooltijd";
    private const string Loitering = "fietspad-rondhangen";

    [Fact]
    public async Task The_same_rule_and_zone_again_within_5_minutes_updates_the_alert_to_count_2()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var room = fixture.ControlRoom();

        var first = await room.RaiseAsync(new AlertSignal(Grounds, "terrein", "cam-21", now));
        var second = await room.RaiseAsync(new AlertSignal(Grounds, "terrein", "cam-22", now.AddMinutes(4)));

        Assert.Equal((AlertChangeKind.Opened, AlertChangeKind.Updated), (first!.Kind, second!.Kind));
        Assert.Equal(first.Alert.Id, second.Alert.Id);
        Assert.Equal((2, now, now.AddMinutes(4)), (second.Alert.Count, second.Alert.FirstSeen, second.Alert.LastSeen));
    }

    [Fact]
    public async Task After_5_minutes_or_after_resolving_a_new_alert_opens()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var room = fixture.ControlRoom();
        var first = (await room.RaiseAsync(new AlertSignal(Grounds, "terrein", null, now)))!.Alert;

        var later = (await room.RaiseAsync(new AlertSignal(Grounds, "terrein", null, now.AddMinutes(6))))!;
        await room.ResolveAsync(later.Alert.Id, "Operator Jansen", "staff", "Medewerker heeft gekeken: niemand meer.");
        var afterResolve = (await room.RaiseAsync(new AlertSignal(Grounds, "terrein", null, now.AddMinutes(7))))!;

        Assert.Equal(AlertChangeKind.Opened, later.Kind);
        Assert.Equal(AlertChangeKind.Opened, afterResolve.Kind);
        Assert.Equal(3, new[] { first.Id, later.Alert.Id, afterResolve.Alert.Id }.Distinct().Count());
    }

    [Fact]
    public async Task A_high_alert_unacknowledged_for_3_minutes_is_escalated_to_critical_and_pushed_again()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var room = fixture.ControlRoom();
        var (watcher, reference) = await SubscribeAsync(room);
        var alert = (await room.RaiseAsync(new AlertSignal(Grounds, "terrein", null, now)))!.Alert;

        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1), () => room.GetAsync(alert.Id));
        Assert.False((await room.GetAsync(alert.Id)).IsEscalated);

        await fixture.AdvanceAndWaitForTimersAsync(ControlRoomGrain.CheckInterval, () => room.GetAsync(alert.Id));
        var escalated = await AlertTestKit.UntilAsync(() => room.GetAsync(alert.Id), a => a.IsEscalated, "the escalation check's tick");
        Assert.Equal((AlertPriority.Critical, true, AlertStatus.New), (escalated.Priority, escalated.IsEscalated, escalated.Status));

        var pushed = await watcher.WaitForAsync(alert.Id, AlertChangeKind.Escalated);
        Assert.Equal(AlertPriority.Critical, pushed.Alert.Priority);
        await room.UnsubscribeAsync(reference);
    }

    [Fact]
    public async Task Acknowledging_within_3_minutes_stops_escalation()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var room = fixture.ControlRoom();
        var alert = (await room.RaiseAsync(new AlertSignal(Grounds, "terrein", null, now)))!.Alert;
        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromMinutes(2), () => room.GetAsync(alert.Id));

        var acknowledged = await room.AcknowledgeAsync(alert.Id, "Operator Jansen");
        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromMinutes(5), () => room.GetAsync(alert.Id));

        var later = await room.GetAsync(alert.Id);
        Assert.Equal(("Operator Jansen", now.AddMinutes(2)), (acknowledged.AcknowledgedBy, acknowledged.AcknowledgedAt));
        Assert.Equal((AlertPriority.High, false, AlertStatus.Acknowledged), (later.Priority, later.IsEscalated, later.Status));
    }

    [Fact]
    public async Task A_medium_alert_is_not_escalated()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var room = fixture.ControlRoom();
        var alert = (await room.RaiseAsync(new AlertSignal(Loitering, "fietspad", "cam-32/bike-path", now)))!.Alert;

        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromMinutes(30), () => room.GetAsync(alert.Id));

        var later = await room.GetAsync(alert.Id);
        Assert.Equal((AlertPriority.Medium, false), (later.Priority, later.IsEscalated));
    }

    [Fact]
    public async Task Resolving_records_the_outcome_and_the_note()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var room = fixture.ControlRoom();
        var alert = (await room.RaiseAsync(new AlertSignal(Grounds, "terrein", null, now)))!.Alert;
        await room.AcknowledgeAsync(alert.Id, "Operator Jansen");
        fixture.Clock.Advance(TimeSpan.FromMinutes(4));

        var resolved = await room.ResolveAsync(alert.Id, "Operator Jansen", "police", "Politie ter plaatse, persoon aangesproken.");

        Assert.Equal((AlertStatus.Resolved, AlertOutcome.Police, "Operator Jansen", now.AddMinutes(4)), (resolved.Status, resolved.Outcome, resolved.ResolvedBy, resolved.ResolvedAt));
        Assert.Equal("Politie ter plaatse, persoon aangesproken.", resolved.Note);
        Assert.DoesNotContain(await room.ListAsync(AlertFilter.Open), a => a.Id == alert.Id);
        Assert.Contains(await room.ListAsync(AlertFilter.All), a => a.Id == alert.Id);
    }

    [Fact]
    public async Task Acknowledging_a_resolved_alert_is_refused_with_a_readable_error()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var room = fixture.ControlRoom();
        var alert = (await room.RaiseAsync(new AlertSignal(Grounds, "terrein", null, now)))!.Alert;
        await room.ResolveAsync(alert.Id, "Operator Jansen", "none", null);

        var error = await Assert.ThrowsAsync<AlertException>(() => room.AcknowledgeAsync(alert.Id, "Operator De Vries"));

        Assert.Equal(AlertErrorKind.NotAllowedNow, error.Kind);
        Assert.StartsWith($"alert {alert.Id} was resolved by Operator Jansen at ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolving_with_an_unknown_outcome_or_an_unknown_alert_is_refused_with_a_readable_error()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var room = fixture.ControlRoom();
        var alert = (await room.RaiseAsync(new AlertSignal(Grounds, "terrein", null, now)))!.Alert;

        var outcome = await Assert.ThrowsAsync<AlertException>(() => room.ResolveAsync(alert.Id, "Operator Jansen", "marechaussee", null));
        var unknown = await Assert.ThrowsAsync<AlertException>(() => room.AcknowledgeAsync("a-999999", "Operator Jansen"));

        Assert.Equal((AlertErrorKind.InvalidArgument, "outcome"), (outcome.Kind, outcome.Field));
        Assert.Equal("unknown outcome 'marechaussee' (allowed: none, staff, boa, street-coach, police, fire, ambulance)", outcome.Message);
        Assert.Equal(AlertErrorKind.NotFound, unknown.Kind);
        Assert.Equal(AlertStatus.New, (await room.GetAsync(alert.Id)).Status);
    }

    [Fact]
    public async Task The_error_reaches_a_caller_inside_the_silo_process_too_as_the_grpc_services_call()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var inSilo = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<IControlRoomGrain>(AlertTestKit.Site);
        var alert = (await inSilo.RaiseAsync(new AlertSignal(Grounds, "terrein", null, now)))!.Alert;

        var error = await Assert.ThrowsAsync<AlertException>(() => inSilo.ResolveAsync(alert.Id, "Operator Jansen", "", null));

        Assert.Equal((AlertErrorKind.InvalidArgument, "outcome"), (error.Kind, error.Field));
    }

    [Fact]
    public async Task A_watcher_receives_the_opened_and_acknowledged_changes()
    {
        var now = fixture.MoveClockToLocal(AlertTestKit.IsSchoolDay, new TimeOnly(10, 0));
        var room = fixture.ControlRoom();
        var (watcher, reference) = await SubscribeAsync(room);

        // Through the zone, as in production: the zone evaluates the rule and raises the alert.
        await fixture.Zone("terrein").MotionChangedAsync(new ZoneMotion("cam-24", "bike-shed", null, true, now, "watch-1"));
        var alert = await fixture.WaitForAlertAsync(Grounds, now);
        var opened = await watcher.WaitForAsync(alert.Id, AlertChangeKind.Opened);
        await room.AcknowledgeAsync(alert.Id, "Operator Jansen");
        var acknowledged = await watcher.WaitForAsync(alert.Id, AlertChangeKind.Acknowledged);

        Assert.Equal((AlertStatus.New, 1), (opened.Alert.Status, opened.Alert.Version));
        Assert.Equal(("Operator Jansen", 2), (acknowledged.Alert.AcknowledgedBy, acknowledged.Alert.Version));
        await room.UnsubscribeAsync(reference);
        await fixture.Zone("terrein").MotionChangedAsync(new ZoneMotion("cam-24", "bike-shed", null, false, now.AddMinutes(1), "watch-2"));
    }

    [Fact]
    public async Task An_unsubscribed_watcher_hears_nothing_more()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var room = fixture.ControlRoom();
        var (watcher, reference) = await SubscribeAsync(room);
        await room.UnsubscribeAsync(reference);

        var alert = (await room.RaiseAsync(new AlertSignal(Loitering, "fietspad", null, now)))!.Alert;
        await room.AcknowledgeAsync(alert.Id, "Operator Jansen");
        await Task.Delay(200, TestContext.Current.CancellationToken);

        Assert.DoesNotContain(watcher.Changes, c => c.Alert.Id == alert.Id);
    }

    [Fact]
    public async Task Alerts_and_numbering_survive_a_restart_of_the_silo()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var before = (await fixture.ControlRoom().RaiseAsync(new AlertSignal(Grounds, "terrein", null, now)))!.Alert;
        await fixture.ControlRoom().AcknowledgeAsync(before.Id, "Operator Jansen");

        await fixture.RestartAsync();

        var after = await fixture.ControlRoom().GetAsync(before.Id);
        var next = (await fixture.ControlRoom().RaiseAsync(new AlertSignal(Loitering, "fietspad", null, now)))!.Alert;
        Assert.Equal((AlertStatus.Acknowledged, "Operator Jansen", before.FirstSeen), (after.Status, after.AcknowledgedBy, after.FirstSeen));
        Assert.NotEqual(before.Id, next.Id);
    }

    [Fact]
    public async Task A_repeat_is_pushed_at_once_and_saved_with_the_next_check()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));
        var room = fixture.ControlRoom();
        var alert = (await room.RaiseAsync(new AlertSignal(Loitering, "fietspad", null, now)))!.Alert;
        await fixture.AdvanceAndWaitForTimersAsync(ControlRoomGrain.CheckInterval, () => room.GetAsync(alert.Id));

        var repeat = await room.RaiseAsync(new AlertSignal(Loitering, "fietspad", null, now.AddMinutes(1)));
        Assert.Equal(1, await SavedCountAsync(alert.Id));
        await fixture.AdvanceAndWaitForTimersAsync(ControlRoomGrain.CheckInterval, () => room.GetAsync(alert.Id));

        Assert.Equal((AlertChangeKind.Updated, 2), (repeat!.Kind, repeat.Alert.Count));
        Assert.Equal(2, await AlertTestKit.UntilAsync(() => SavedCountAsync(alert.Id), n => n == 2, "the next check's save"));
    }

    [Fact]
    public async Task A_signal_for_a_rule_the_site_does_not_have_is_ignored()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(9));

        Assert.Null(await fixture.ControlRoom().RaiseAsync(new AlertSignal("no-such-rule", "terrein", null, now)));
    }

    /// <summary>The count of an alert in the control room's stored state (<c>state/controlroom/{site}.json</c>).</summary>
    private async Task<int> SavedCountAsync(string alertId)
    {
        var blob = await fixture.Store.GetAsync($"state/controlroom/{AlertTestKit.Site}.json", TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(blob!.Content);
        var alerts = Property(json.RootElement, "Alerts");
        return Property(Property(alerts, alertId), "Count").GetInt32();
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.EnumerateObject().Single(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    private async Task<(RecordingWatcher Watcher, IAlertWatcher Reference)> SubscribeAsync(IControlRoomGrain room)
    {
        var watcher = new RecordingWatcher();
        var reference = fixture.Grains.CreateObjectReference<IAlertWatcher>(watcher);
        await room.SubscribeAsync(reference);
        return (watcher, reference);
    }
}
