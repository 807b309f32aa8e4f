using System.Globalization;

namespace CameraBeheer.Domain.Alerts;

/// <summary>
/// One alert of the control room: what rule fired where, how often, and how far the operators got with it
/// (New → Acknowledged → Resolved). Immutable: every step returns the next version.
/// </summary>
/// <remarks>
/// Two clocks meet here on purpose. <see cref="FirstSeen"/> and <see cref="LastSeen"/> are the times of the events
/// (when it happened on site), so coalescing follows what happened even when events arrive late. <see cref="RaisedAt"/>,
/// acknowledgement, escalation and resolution are the control room's own time, because escalation measures how long
/// operators have had the alert in front of them.
/// </remarks>
public sealed record Alert
{
    /// <summary>A rule firing again for the same place within this long of the last occurrence updates the open alert.</summary>
    public static readonly TimeSpan CoalescingWindow = TimeSpan.FromMinutes(5);

    /// <summary>The longest note an operator can leave when resolving.</summary>
    public const int MaxNoteLength = 1000;

    public required string Id { get; init; }

    public required string RuleId { get; init; }

    public required RuleTrigger Trigger { get; init; }

    /// <summary>The zone, gate or camera id the alert is about (which one: <see cref="PlaceKind"/>).</summary>
    public required string Place { get; init; }

    /// <summary>What saw it last: a feed (<c>cam-04/bike-path</c>), a gate or a camera; null when unknown.</summary>
    public string? Source { get; init; }

    public required AlertPriority Priority { get; init; }

    public required string Text { get; init; }

    public AlertStatus Status { get; init; } = AlertStatus.New;

    /// <summary>When the control room opened the alert (its own clock).</summary>
    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>When the first occurrence happened (the event's time).</summary>
    public required DateTimeOffset FirstSeen { get; init; }

    /// <summary>When the latest occurrence happened (the event's time).</summary>
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>How many occurrences were coalesced into this alert.</summary>
    public int Count { get; init; } = 1;

    public DateTimeOffset? EscalatedAt { get; init; }

    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? ResolvedBy { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public AlertOutcome? Outcome { get; init; }

    public string? Note { get; init; }

    /// <summary>Goes up by one with every change, so a watcher can drop a change older than what it already showed.</summary>
    public int Version { get; init; } = 1;

    public bool IsOpen => Status != AlertStatus.Resolved;

    public bool IsEscalated => EscalatedAt is not null;

    public AlertPlaceKind PlaceKind => Trigger.PlaceKind();

    public AlertCategory Category => Trigger.Category();

    /// <summary>A new alert for the first occurrence of <paramref name="rule"/> at <paramref name="place"/>.</summary>
    public static Alert Open(string id, AlertRule rule, string place, string? source, DateTimeOffset at, DateTimeOffset now) =>
        new()
        {
            Id = id,
            RuleId = rule.Id,
            Trigger = rule.Trigger,
            Place = place,
            Source = source,
            Priority = rule.Priority,
            Text = rule.Text,
            RaisedAt = now,
            FirstSeen = at,
            LastSeen = at,
        };

    /// <summary>True when another occurrence of <paramref name="ruleId"/> at <paramref name="place"/> at <paramref name="at"/> belongs to this alert.</summary>
    public bool TakesOccurrence(string ruleId, string place, DateTimeOffset at) =>
        IsOpen
        && string.Equals(RuleId, ruleId, StringComparison.Ordinal)
        && string.Equals(Place, place, StringComparison.Ordinal)
        && (at - LastSeen).Duration() <= CoalescingWindow;

    /// <summary>Another occurrence: counted, and last seen moves forward (a late, older event does not move it back).</summary>
    public Alert Recur(DateTimeOffset at, string? source) =>
        this with
        {
            Count = Count + 1,
            LastSeen = at > LastSeen ? at : LastSeen,
            Source = at >= LastSeen && source is not null ? source : Source,
            Version = Version + 1,
        };

    /// <summary>An operator has seen the alert; escalation stops. Null when it was already acknowledged (nothing changes).</summary>
    public Alert? Acknowledge(string by, DateTimeOffset now)
    {
        var who = RequireName(by);
        return Status switch
        {
            AlertStatus.New => this with { Status = AlertStatus.Acknowledged, AcknowledgedBy = who, AcknowledgedAt = now, Version = Version + 1 },
            AlertStatus.Acknowledged => null,
            _ => throw AlertException.NotNow($"alert {Id} was resolved by {ResolvedBy} at {Format(ResolvedAt)}: a resolved alert cannot be acknowledged"),
        };
    }

    /// <summary>Closes the alert with what was done about it; a new alert may be resolved without acknowledging it first.</summary>
    public Alert Resolve(string by, string outcome, string? note, DateTimeOffset now)
    {
        var who = RequireName(by);
        var what = AlertWords.ParseOutcome(outcome);
        var text = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (text is { Length: > MaxNoteLength })
            throw AlertException.InvalidArgument("note", $"the note has {text.Length} characters; at most {MaxNoteLength} are kept");
        if (Status == AlertStatus.Resolved)
            throw AlertException.NotNow($"alert {Id} was already resolved by {ResolvedBy} at {Format(ResolvedAt)} (outcome {Outcome?.Word()})");
        return this with { Status = AlertStatus.Resolved, ResolvedBy = who, ResolvedAt = now, Outcome = what, Note = text, Version = Version + 1 };
    }

    /// <summary>True when a high or critical alert has waited <see cref="EscalationPolicy.After"/> for an acknowledgement and was not escalated yet.</summary>
    public bool IsEscalationDue(DateTimeOffset now, EscalationPolicy policy) =>
        Status == AlertStatus.New && !IsEscalated && Priority.Escalates() && now - RaisedAt >= policy.After;

    /// <summary>Marked and raised one priority step; an alert is escalated once.</summary>
    public Alert Escalate(DateTimeOffset now) => this with { EscalatedAt = now, Priority = Priority.Raised(), Version = Version + 1 };

    private static string RequireName(string by) =>
        string.IsNullOrWhiteSpace(by) ? throw AlertException.InvalidArgument("by", "the name of who acts on the alert is missing") : by.Trim();

    private static string Format(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "an unknown time";
}
