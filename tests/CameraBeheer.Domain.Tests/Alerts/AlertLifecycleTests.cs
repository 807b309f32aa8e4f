namespace CameraBeheer.Domain.Tests.Alerts;

/// <summary>An alert goes New → Acknowledged → Resolved; what an operator can get wrong is refused in words.</summary>
public sealed class AlertLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);
    private static readonly AlertRule Grounds = new("terrein-schooltijd", RuleTrigger.Motion, AlertPriority.High, "Beweging op het terrein") { Zones = ["terrein"] };

    [Fact]
    public void Acknowledging_records_who_and_when()
    {
        var acknowledged = NewAlert().Acknowledge("Operator Jansen", T0.AddMinutes(1))!;

        Assert.Equal(AlertStatus.Acknowledged, acknowledged.Status);
        Assert.Equal(("Operator Jansen", T0.AddMinutes(1)), (acknowledged.AcknowledgedBy, acknowledged.AcknowledgedAt));
        Assert.Equal(2, acknowledged.Version);
    }

    [Fact]
    public void Acknowledging_an_acknowledged_alert_changes_nothing()
    {
        var acknowledged = NewAlert().Acknowledge("Jansen", T0.AddMinutes(1))!;

        Assert.Null(acknowledged.Acknowledge("De Vries", T0.AddMinutes(2)));
    }

    [Fact]
    public void Resolving_records_who_when_the_outcome_and_the_note()
    {
        var resolved = NewAlert().Acknowledge("Jansen", T0.AddMinutes(1))!.Resolve("Jansen", "street-coach", "  Straatcoach sprak de man aan; hij is vertrokken. ", T0.AddMinutes(9));

        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(AlertOutcome.StreetCoach, resolved.Outcome);
        Assert.Equal("Straatcoach sprak de man aan; hij is vertrokken.", resolved.Note);
        Assert.Equal(("Jansen", T0.AddMinutes(9)), (resolved.ResolvedBy, resolved.ResolvedAt));
        Assert.False(resolved.IsOpen);
    }

    [Fact]
    public void A_new_alert_can_be_resolved_without_acknowledging_it_first()
    {
        var resolved = NewAlert().Resolve("Jansen", "none", null, T0.AddMinutes(1));

        Assert.Equal(AlertOutcome.None, resolved.Outcome);
        Assert.Null(resolved.AcknowledgedBy);
        Assert.Null(resolved.Note);
    }

    [Theory]
    [InlineData("none", AlertOutcome.None)]
    [InlineData("staff", AlertOutcome.Staff)]
    [InlineData("boa", AlertOutcome.Boa)]
    [InlineData("street-coach", AlertOutcome.StreetCoach)]
    [InlineData("police", AlertOutcome.Police)]
    [InlineData("fire", AlertOutcome.Fire)]
    [InlineData("ambulance", AlertOutcome.Ambulance)]
    public void Every_outcome_of_the_control_room_is_accepted(string word, AlertOutcome outcome)
    {
        Assert.Equal(outcome, NewAlert().Resolve("Jansen", word, null, T0).Outcome);
        Assert.Equal(word, outcome.Word());
    }

    [Fact]
    public void Acknowledging_a_resolved_alert_is_refused_saying_who_resolved_it()
    {
        var resolved = NewAlert().Resolve("Jansen", "police", null, T0.AddMinutes(2));

        var error = Assert.Throws<AlertException>(() => resolved.Acknowledge("De Vries", T0.AddMinutes(3)));

        Assert.Equal(AlertErrorKind.NotAllowedNow, error.Kind);
        Assert.Equal("alert a-1 was resolved by Jansen at 2026-11-16 09:02:00Z: a resolved alert cannot be acknowledged", error.Message);
    }

    [Fact]
    public void Resolving_a_resolved_alert_again_is_refused()
    {
        var resolved = NewAlert().Resolve("Jansen", "police", null, T0.AddMinutes(2));

        var error = Assert.Throws<AlertException>(() => resolved.Resolve("De Vries", "none", null, T0.AddMinutes(3)));

        Assert.Equal(AlertErrorKind.NotAllowedNow, error.Kind);
        Assert.Equal("alert a-1 was already resolved by Jansen at 2026-11-16 09:02:00Z (outcome police)", error.Message);
    }

    [Fact]
    public void Resolving_with_an_unknown_outcome_is_refused_listing_the_outcomes()
    {
        var error = Assert.Throws<AlertException>(() => NewAlert().Resolve("Jansen", "army", null, T0));

        Assert.Equal(AlertErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("outcome", error.Field);
        Assert.Equal("unknown outcome 'army' (allowed: none, staff, boa, street-coach, police, fire, ambulance)", error.Message);
    }

    [Fact]
    public void A_note_of_more_than_1000_characters_is_refused()
    {
        Assert.Equal("note", Assert.Throws<AlertException>(() => NewAlert().Resolve("Jansen", "none", new string('x', 1001), T0)).Field);
        Assert.Equal(1000, NewAlert().Resolve("Jansen", "none", new string('x', 1000), T0).Note!.Length);
    }

    [Fact]
    public void Acting_without_a_name_is_refused()
    {
        Assert.Equal("by", Assert.Throws<AlertException>(() => NewAlert().Acknowledge(" ", T0)).Field);
    }

    [Fact]
    public void Escalating_raises_high_to_critical_and_critical_stays_critical_but_marked()
    {
        var high = NewAlert().Escalate(T0.AddMinutes(3));
        var critical = (NewAlert() with { Priority = AlertPriority.Critical }).Escalate(T0.AddMinutes(3));

        Assert.Equal((AlertPriority.Critical, true), (high.Priority, high.IsEscalated));
        Assert.Equal((AlertPriority.Critical, true), (critical.Priority, critical.IsEscalated));
    }

    private static Alert NewAlert() => Alert.Open("a-1", Grounds, "terrein", "cam-21", T0, T0);
}
