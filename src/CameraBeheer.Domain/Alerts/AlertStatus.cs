namespace CameraBeheer.Domain.Alerts;

/// <summary>Where an alert is in its lifecycle: New → Acknowledged → Resolved (a new alert may also be resolved at once).</summary>
/// <remarks>The enums of this file are saved by number in the control room's state: add new values at the end, never reorder.</remarks>
public enum AlertStatus
{
    New,
    Acknowledged,
    Resolved,
}

/// <summary>What a change did to an alert; watchers receive one change per step.</summary>
public enum AlertChangeKind
{
    /// <summary>A rule fired and no open alert of that rule and place was recent enough to take it.</summary>
    Opened,

    /// <summary>The rule fired again for the same place within the coalescing window: count and last seen moved.</summary>
    Updated,

    Acknowledged,

    /// <summary>Nobody acknowledged a high or critical alert in time: it was marked and raised one priority step.</summary>
    Escalated,

    Resolved,
}

/// <summary>Whether an alert is about people on the site and around it, or about the equipment.</summary>
public enum AlertCategory
{
    Security,

    /// <summary>A technical alert, such as a camera that went offline.</summary>
    Technical,

    /// <summary>A deadline of the desk or the manager passed (a request to review, a guest overstaying); see <see cref="WorkflowRules"/>.</summary>
    Workflow,

    /// <summary>An edge agent, by its name (<see cref="TechnicalRules"/>).</summary>
    Agent,
}

/// <summary>What the place of an alert is: a zone, a gate, a camera, a workflow item or an edge agent.</summary>
public enum AlertPlaceKind
{
    Zone,
    Gate,
    Camera,

    /// <summary>An item of a workflow: a police request (<c>fr-…</c>), a visit (<c>v-…</c>), a time-out, a report.</summary>
    Workflow,

    /// <summary>An edge agent, by its name (<see cref="TechnicalRules"/>).</summary>
    Agent,
}
