namespace CameraBeheer.Domain.Tests.Alerts;

/// <summary>The control room's board: occurrences coalesce into the open alert, overdue high alerts escalate once.</summary>
public sealed class AlertBoardTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);
    private static readonly EscalationPolicy ThreeMinutes = EscalationPolicy.Default;
    private static readonly AlertRule Grounds = new("terrein-schooltijd", RuleTrigger.Motion, AlertPriority.High, "Beweging op het terrein") { Zones = ["terrein", "hoofdingang"] };
    private static readonly AlertRule Loitering = new("fietspad-rondhangen", RuleTrigger.MotionContinuous, AlertPriority.Medium, "Rondhangen") { Zones = ["fietspad"] };

    [Fact]
    public void The_same_rule_and_zone_again_within_5_minutes_updates_the_open_alert()
    {
        var board = new AlertBoard([], 0);
        var first = board.Raise(Grounds, "terrein", "cam-21", T0, T0);
        var again = board.Raise(Grounds, "terrein", "cam-22", T0.AddMinutes(5), T0.AddMinutes(5));

        Assert.Equal(AlertChangeKind.Opened, first.Kind);
        Assert.Equal(AlertChangeKind.Updated, again.Kind);
        Assert.Equal(first.Alert.Id, again.Alert.Id);
        Assert.Equal((2, T0, T0.AddMinutes(5), "cam-22"), (again.Alert.Count, again.Alert.FirstSeen, again.Alert.LastSeen, again.Alert.Source));
        Assert.Single(board.Alerts);
    }

    [Fact]
    public void Each_occurrence_extends_the_window_from_the_last_one()
    {
        var board = new AlertBoard([], 0);
        board.Raise(Grounds, "terrein", null, T0, T0);
        board.Raise(Grounds, "terrein", null, T0.AddMinutes(4), T0.AddMinutes(4));
        var third = board.Raise(Grounds, "terrein", null, T0.AddMinutes(8), T0.AddMinutes(8));

        Assert.Equal(3, third.Alert.Count);
    }

    [Fact]
    public void After_more_than_5_minutes_a_new_alert_opens()
    {
        var board = new AlertBoard([], 0);
        var first = board.Raise(Grounds, "terrein", null, T0, T0);
        var later = board.Raise(Grounds, "terrein", null, T0.AddMinutes(5).AddSeconds(1), T0.AddMinutes(6));

        Assert.Equal(AlertChangeKind.Opened, later.Kind);
        Assert.Equal(("a-1", "a-2"), (first.Alert.Id, later.Alert.Id));
    }

    [Fact]
    public void After_resolving_a_new_alert_opens()
    {
        var board = new AlertBoard([], 0);
        var first = board.Raise(Grounds, "terrein", null, T0, T0);
        board.Resolve(first.Alert.Id, "Jansen", "staff", null, T0.AddMinutes(1));

        var again = board.Raise(Grounds, "terrein", null, T0.AddMinutes(2), T0.AddMinutes(2));

        Assert.Equal(AlertChangeKind.Opened, again.Kind);
        Assert.NotEqual(first.Alert.Id, again.Alert.Id);
    }

    [Fact]
    public void An_acknowledged_alert_still_takes_occurrences_until_it_is_resolved()
    {
        var board = new AlertBoard([], 0);
        var first = board.Raise(Grounds, "terrein", null, T0, T0);
        board.Acknowledge(first.Alert.Id, "Jansen", T0.AddMinutes(1));

        var again = board.Raise(Grounds, "terrein", null, T0.AddMinutes(2), T0.AddMinutes(2));

        Assert.Equal(AlertChangeKind.Updated, again.Kind);
        Assert.Equal(AlertStatus.Acknowledged, again.Alert.Status);
    }

    [Fact]
    public void Another_zone_or_another_rule_opens_its_own_alert()
    {
        var board = new AlertBoard([], 0);
        board.Raise(Grounds, "terrein", null, T0, T0);

        Assert.Equal(AlertChangeKind.Opened, board.Raise(Grounds, "hoofdingang", null, T0, T0).Kind);
        Assert.Equal(AlertChangeKind.Opened, board.Raise(Loitering, "fietspad", null, T0, T0).Kind);
        Assert.Equal(3, board.Alerts.Count());
    }

    [Fact]
    public void A_late_older_occurrence_is_counted_without_moving_last_seen_back()
    {
        var board = new AlertBoard([], 0);
        board.Raise(Grounds, "terrein", "cam-21", T0.AddMinutes(2), T0.AddMinutes(2));

        var late = board.Raise(Grounds, "terrein", "cam-22", T0, T0.AddMinutes(3));

        Assert.Equal((2, T0.AddMinutes(2), "cam-21"), (late.Alert.Count, late.Alert.LastSeen, late.Alert.Source));
    }

    [Fact]
    public void A_high_alert_still_new_after_3_minutes_is_escalated_to_critical_once()
    {
        var board = new AlertBoard([], 0);
        board.Raise(Grounds, "terrein", null, T0, T0);

        Assert.Empty(board.EscalateDue(T0.AddMinutes(3).AddSeconds(-1), ThreeMinutes));
        var escalated = Assert.Single(board.EscalateDue(T0.AddMinutes(3), ThreeMinutes));
        Assert.Empty(board.EscalateDue(T0.AddMinutes(10), ThreeMinutes));

        Assert.Equal(AlertChangeKind.Escalated, escalated.Kind);
        Assert.Equal((AlertPriority.Critical, T0.AddMinutes(3)), (escalated.Alert.Priority, escalated.Alert.EscalatedAt));
    }

    [Fact]
    public void Escalation_counts_from_when_the_control_room_raised_the_alert_not_from_the_event()
    {
        var board = new AlertBoard([], 0);
        board.Raise(Grounds, "terrein", null, T0, T0.AddMinutes(10)); // the event arrived 10 minutes late

        Assert.Empty(board.EscalateDue(T0.AddMinutes(12), ThreeMinutes));
        Assert.Single(board.EscalateDue(T0.AddMinutes(13), ThreeMinutes));
    }

    [Fact]
    public void Acknowledging_before_3_minutes_stops_escalation()
    {
        var board = new AlertBoard([], 0);
        var alert = board.Raise(Grounds, "terrein", null, T0, T0).Alert;
        board.Acknowledge(alert.Id, "Jansen", T0.AddMinutes(2));

        Assert.Empty(board.EscalateDue(T0.AddMinutes(5), ThreeMinutes));
    }

    [Fact]
    public void A_medium_alert_is_not_escalated()
    {
        var board = new AlertBoard([], 0);
        board.Raise(Loitering, "fietspad", null, T0, T0);

        Assert.Empty(board.EscalateDue(T0.AddHours(1), ThreeMinutes));
    }

    [Fact]
    public void An_unknown_alert_id_is_refused_as_not_found()
    {
        var board = new AlertBoard([], 0);

        var error = Assert.Throws<AlertException>(() => board.Acknowledge("a-42", "Jansen", T0));

        Assert.Equal(AlertErrorKind.NotFound, error.Kind);
        Assert.StartsWith("there is no alert 'a-42'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolved_alerts_older_than_the_cutoff_are_forgotten_and_open_ones_kept()
    {
        var board = new AlertBoard([], 0);
        var old = board.Raise(Grounds, "terrein", null, T0, T0).Alert;
        board.Resolve(old.Id, "Jansen", "none", null, T0.AddMinutes(1));
        var open = board.Raise(Loitering, "fietspad", null, T0, T0).Alert;

        Assert.Equal([old.Id], board.ForgetResolvedBefore(T0.AddDays(28)));
        Assert.Equal([open.Id], board.Alerts.Select(a => a.Id));
    }

    [Fact]
    public void Numbering_goes_on_from_the_saved_last_number_and_lists_oldest_first()
    {
        var board = new AlertBoard([], 9);
        board.Raise(Grounds, "terrein", null, T0, T0);
        board.Raise(Loitering, "fietspad", null, T0, T0);
        var reloaded = new AlertBoard(board.Alerts.Reverse(), board.LastNumber);
        reloaded.Raise(Grounds, "hoofdingang", null, T0, T0);

        Assert.Equal(["a-10", "a-11", "a-12"], reloaded.Alerts.Select(a => a.Id));
    }
}
