using System.Globalization;

namespace CameraBeheer.Domain.Alerts;

/// <summary>
/// The alerts of one site's control room and the rules between them: coalescing occurrences into the open alert,
/// numbering new ones, acknowledging, resolving, escalating, and forgetting resolved alerts after the retention period.
/// </summary>
/// <remarks>Pure and single-threaded: the control room grain owns one board and saves what each step returns.</remarks>
public sealed class AlertBoard
{
    private const string IdPrefix = "a-";

    private readonly Dictionary<string, Alert> _alerts = new(StringComparer.Ordinal);

    public AlertBoard(IEnumerable<Alert> alerts, long lastNumber)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        foreach (var alert in alerts)
            _alerts[alert.Id] = alert;
        LastNumber = lastNumber;
    }

    /// <summary>The number of the newest alert; ids are <c>a-{number}</c> and never reused.</summary>
    public long LastNumber { get; private set; }

    /// <summary>Every alert the board holds, oldest first.</summary>
    public IEnumerable<Alert> Alerts => _alerts.Values.OrderBy(a => a.RaisedAt).ThenBy(a => NumberOf(a.Id));

    public Alert Get(string alertId) =>
        alertId is not null && _alerts.TryGetValue(alertId.Trim(), out var alert) ? alert : throw AlertException.NotFound(alertId ?? "");

    /// <summary>
    /// An occurrence of <paramref name="rule"/> at <paramref name="place"/>: the open alert of that rule and place whose
    /// last occurrence is within <see cref="Alert.CoalescingWindow"/> takes it, otherwise a new alert opens.
    /// </summary>
    public AlertUpdate Raise(AlertRule rule, string place, string? source, DateTimeOffset at, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentException.ThrowIfNullOrEmpty(place);
        var open = _alerts.Values
            .Where(a => a.TakesOccurrence(rule.Id, place, at))
            .OrderByDescending(a => a.LastSeen)
            .FirstOrDefault();
        if (open is not null)
            return Store(open.Recur(at, source), AlertChangeKind.Updated);

        LastNumber++;
        var id = IdPrefix + LastNumber.ToString(CultureInfo.InvariantCulture);
        return Store(Alert.Open(id, rule, place, source, at, now), AlertChangeKind.Opened);
    }

    /// <summary>Null when the alert was already acknowledged: acknowledging twice (a retry, or two operators at once) changes nothing.</summary>
    public AlertUpdate? Acknowledge(string alertId, string by, DateTimeOffset now) =>
        Get(alertId).Acknowledge(by, now) is { } acknowledged ? Store(acknowledged, AlertChangeKind.Acknowledged) : null;

    public AlertUpdate Resolve(string alertId, string by, string outcome, string? note, DateTimeOffset now) =>
        Store(Get(alertId).Resolve(by, outcome, note, now), AlertChangeKind.Resolved);

    /// <summary>Escalates every alert whose acknowledgement is overdue at <paramref name="now"/>.</summary>
    public IReadOnlyList<AlertUpdate> EscalateDue(DateTimeOffset now, EscalationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return _alerts.Values
            .Where(a => a.IsEscalationDue(now, policy))
            .ToList()
            .Select(a => Store(a.Escalate(now), AlertChangeKind.Escalated))
            .ToList();
    }

    /// <summary>Forgets the alerts resolved before <paramref name="cutoff"/> (the retention rule); returns their ids.</summary>
    public IReadOnlyList<string> ForgetResolvedBefore(DateTimeOffset cutoff)
    {
        var old = _alerts.Values.Where(a => a.ResolvedAt < cutoff).Select(a => a.Id).ToList();
        foreach (var id in old)
            _alerts.Remove(id);
        return old;
    }

    private AlertUpdate Store(Alert alert, AlertChangeKind kind)
    {
        _alerts[alert.Id] = alert;
        return new AlertUpdate(alert, kind);
    }

    // Ids are compared by number so that a-10 comes after a-9.
    private static long NumberOf(string id) =>
        id.StartsWith(IdPrefix, StringComparison.Ordinal) && long.TryParse(id.AsSpan(IdPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : long.MaxValue;
}

/// <summary>One step of an alert: the alert as it is now, and what the step did.</summary>
public sealed record AlertUpdate(Alert Alert, AlertChangeKind Kind);
