namespace CameraBeheer.Domain.Alerts;

/// <summary>
/// The built-in rules for deadlines of the site's workflows. Every site has them, whatever its file says: they enforce
/// the plan and the law (72 hours to answer a report, 3 days to confirm an oral police demand), not a local preference.
/// The place of such an alert is the item it is about (<c>fr-…</c>, <c>v-…</c>, …), so each item gets its own alert.
/// </summary>
public static class WorkflowRules
{
    /// <summary>A police footage request has waited 48 hours for a manager's review (it expires unreviewed at 72 hours).</summary>
    public static readonly AlertRule FootageRequestUnreviewed = Rule("footage-request-unreviewed", AlertPriority.High,
        "Politieverzoek om beelden wacht 48 uur op beoordeling door een manager; na 72 uur vervalt het");

    /// <summary>An urgent oral demand (art. 126nd Sv) has not been confirmed in writing within 3 days.</summary>
    public static readonly AlertRule FootageRequestConfirmationOverdue = Rule("footage-request-confirmation-overdue", AlertPriority.High,
        "Mondelinge vordering van de politie is na 3 dagen nog niet schriftelijk bevestigd");

    /// <summary>A guest is still on site past the expected leave time or the night cut-off.</summary>
    public static readonly AlertRule GuestOverdue = Rule("guest-overdue", AlertPriority.Medium,
        "Gast is nog op het terrein na de verwachte vertrektijd of de avondgrens");

    /// <summary>The gate opened with no badge, intercom call or guest check-in just before.</summary>
    public static readonly AlertRule UnannouncedEntry = Rule("gate-unannounced-entry", AlertPriority.High,
        "Poort geopend zonder pas, intercom of aangemelde gast");

    /// <summary>A resident's time-out is still open at the end of the day (it must end the same day).</summary>
    public static readonly AlertRule TimeOutOpenAtEndOfDay = Rule("timeout-open-at-end-of-day", AlertPriority.Medium,
        "Time-out van een bewoner is aan het eind van de dag nog niet beëindigd");

    /// <summary>The police have not acknowledged a time-out notification within 30 minutes.</summary>
    public static readonly AlertRule PoliceNotificationUnacknowledged = Rule("police-notification-unacknowledged", AlertPriority.High,
        "Melding van een time-out is na 30 minuten niet door de politie bevestigd");

    /// <summary>A report from a school or neighbour has had no feedback for 48 hours (72 hours is the promise).</summary>
    public static readonly AlertRule ReportFeedbackDue = Rule("report-feedback-due", AlertPriority.Medium,
        "Melding van school of buurt heeft na 48 uur nog geen terugkoppeling; binnen 72 uur is de afspraak");

    public static IReadOnlyList<AlertRule> All { get; } =
    [
        FootageRequestUnreviewed, FootageRequestConfirmationOverdue, GuestOverdue, UnannouncedEntry,
        TimeOutOpenAtEndOfDay, PoliceNotificationUnacknowledged, ReportFeedbackDue,
    ];

    public static AlertRule? Find(string id) => All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));

    private static AlertRule Rule(string id, AlertPriority priority, string text) => new(id, RuleTrigger.Deadline, priority, text);
}
