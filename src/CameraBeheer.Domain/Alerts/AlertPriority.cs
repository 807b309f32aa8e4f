namespace CameraBeheer.Domain.Alerts;

/// <summary>How urgently the control room has to act on an alert; escalation raises it one step.</summary>
/// <remarks>Ordered from low to critical (filters compare them) and saved by number: never reorder.</remarks>
public enum AlertPriority
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>The escalation rules of a priority.</summary>
public static class AlertPriorities
{
    /// <summary>Only high and critical alerts are escalated when nobody acknowledges them in time.</summary>
    public static bool Escalates(this AlertPriority priority) => priority >= AlertPriority.High;

    /// <summary>One step up; critical stays critical (the escalation mark is then what tells it apart).</summary>
    public static AlertPriority Raised(this AlertPriority priority) =>
        priority == AlertPriority.Critical ? AlertPriority.Critical : priority + 1;
}
