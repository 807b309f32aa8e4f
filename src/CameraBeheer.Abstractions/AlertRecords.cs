using CameraBeheer.Domain.Alerts;

namespace CameraBeheer.Abstractions;

/// <summary>
/// A rule fired: which rule, where (zone, gate or camera id), what saw it, when it happened, and what caused it: the id
/// of the causing event (or of the moment a threshold was reached), by which the control room recognises a signal it
/// already took. A grain that owes a signal sends it again until the control room has it; the cause makes that safe.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AlertSignal(
    [property: Id(0)] string RuleId,
    [property: Id(1)] string Place,
    [property: Id(2)] string? Source,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? CauseId = null);

/// <summary>An alert as it is now (see <see cref="Alert"/> for the meaning of each field).</summary>
[GenerateSerializer, Immutable]
public sealed record AlertSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string RuleId,
    [property: Id(2)] RuleTrigger Trigger,
    [property: Id(3)] string Place,
    [property: Id(4)] string? Source,
    [property: Id(5)] AlertPriority Priority,
    [property: Id(6)] string Text,
    [property: Id(7)] AlertStatus Status,
    [property: Id(8)] DateTimeOffset RaisedAt,
    [property: Id(9)] DateTimeOffset FirstSeen,
    [property: Id(10)] DateTimeOffset LastSeen,
    [property: Id(11)] int Count,
    [property: Id(12)] DateTimeOffset? EscalatedAt,
    [property: Id(13)] string? AcknowledgedBy,
    [property: Id(14)] DateTimeOffset? AcknowledgedAt,
    [property: Id(15)] string? ResolvedBy,
    [property: Id(16)] DateTimeOffset? ResolvedAt,
    [property: Id(17)] AlertOutcome? Outcome,
    [property: Id(18)] string? Note,
    [property: Id(19)] int Version)
{
    /// <summary>Whether <see cref="Place"/> is a zone, a gate or a camera.</summary>
    public AlertPlaceKind PlaceKind => Trigger.PlaceKind();

    /// <summary>Security, or technical (a camera offline).</summary>
    public AlertCategory Category => Trigger.Category();

    public bool IsOpen => Status != AlertStatus.Resolved;

    public bool IsEscalated => EscalatedAt is not null;

    public static AlertSnapshot From(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new(
            alert.Id, alert.RuleId, alert.Trigger, alert.Place, alert.Source, alert.Priority, alert.Text, alert.Status,
            alert.RaisedAt, alert.FirstSeen, alert.LastSeen, alert.Count, alert.EscalatedAt,
            alert.AcknowledgedBy, alert.AcknowledgedAt, alert.ResolvedBy, alert.ResolvedAt, alert.Outcome, alert.Note, alert.Version);
    }

    public Alert ToAlert() =>
        new()
        {
            Id = Id,
            RuleId = RuleId,
            Trigger = Trigger,
            Place = Place,
            Source = Source,
            Priority = Priority,
            Text = Text,
            Status = Status,
            RaisedAt = RaisedAt,
            FirstSeen = FirstSeen,
            LastSeen = LastSeen,
            Count = Count,
            EscalatedAt = EscalatedAt,
            AcknowledgedBy = AcknowledgedBy,
            AcknowledgedAt = AcknowledgedAt,
            ResolvedBy = ResolvedBy,
            ResolvedAt = ResolvedAt,
            Outcome = Outcome,
            Note = Note,
            Version = Version,
        };
}

/// <summary>One change of one alert, as watchers receive it: the alert after the change, and what the change was.</summary>
[GenerateSerializer, Immutable]
public sealed record AlertChange(
    [property: Id(0)] AlertSnapshot Alert,
    [property: Id(1)] AlertChangeKind Kind);

/// <summary>Which alerts a caller wants: at one place (a zone, gate or camera id; null for all), of at least a priority, open only or also resolved.</summary>
/// <remarks>Use <see cref="Matches"/> on live changes too, so a list and a watch stream select the same alerts.</remarks>
[GenerateSerializer, Immutable]
public sealed record AlertFilter(
    [property: Id(0)] string? Place = null,
    [property: Id(1)] AlertPriority MinimumPriority = AlertPriority.Low,
    [property: Id(2)] bool IncludeResolved = false)
{
    /// <summary>Every open alert.</summary>
    public static AlertFilter Open { get; } = new();

    /// <summary>Every alert the control room still holds, resolved ones included.</summary>
    public static AlertFilter All { get; } = new(IncludeResolved: true);

    public bool Matches(AlertSnapshot alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return (IncludeResolved || alert.IsOpen) && IsAbout(alert);
    }

    /// <summary>For a live change, place and priority only: a watcher must also hear that an alert it shows was resolved.</summary>
    public bool Matches(AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return IsAbout(change.Alert);
    }

    private bool IsAbout(AlertSnapshot alert) =>
        alert.Priority >= MinimumPriority && (Place is null || string.Equals(Place, alert.Place, StringComparison.Ordinal));
}
