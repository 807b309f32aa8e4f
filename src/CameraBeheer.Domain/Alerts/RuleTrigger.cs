namespace CameraBeheer.Domain.Alerts;

/// <summary>The event that makes a rule fire.</summary>
/// <remarks>Saved by number with each alert in the control room's state: add new values at the end, never reorder.</remarks>
public enum RuleTrigger
{
    /// <summary>Motion starts in one of the rule's zones.</summary>
    Motion,

    /// <summary>A feed of one of the rule's zones sees motion without a break for the rule's threshold (loitering).</summary>
    MotionContinuous,

    /// <summary>The gate controller reports the gate forced open.</summary>
    GateForced,

    /// <summary>The gate stands open for longer than the rule's threshold.</summary>
    GateHeldOpen,

    /// <summary>A camera reported offline and did not come back within the rule's threshold.</summary>
    CameraOffline,

    /// <summary>
    /// A deadline of one of the site's workflows passed: a police request waits for review, a guest overstays, a report
    /// waits for feedback. Built in (<see cref="WorkflowRules"/>), not written in the site file.
    /// </summary>
    Deadline,

    /// <summary>
    /// An edge agent went offline, dropped what it could not keep, or refuses footage for lack of disk room. Built in
    /// (<see cref="TechnicalRules"/>), not written in the site file; the place is the agent's name.
    /// </summary>
    EdgeAgent,
}

/// <summary>What a trigger implies for the alerts it raises.</summary>
public static class RuleTriggers
{
    /// <summary>Loitering: motion continuously for 10 minutes unless the rule says otherwise.</summary>
    public static readonly TimeSpan DefaultContinuousMotion = TimeSpan.FromMinutes(10);

    /// <summary>A camera offline for over 2 minutes unless the rule says otherwise.</summary>
    public static readonly TimeSpan DefaultCameraOffline = TimeSpan.FromMinutes(2);

    public static AlertPlaceKind PlaceKind(this RuleTrigger trigger) =>
        trigger switch
        {
            RuleTrigger.GateForced or RuleTrigger.GateHeldOpen => AlertPlaceKind.Gate,
            RuleTrigger.CameraOffline => AlertPlaceKind.Camera,
            RuleTrigger.Deadline => AlertPlaceKind.Workflow,
            RuleTrigger.EdgeAgent => AlertPlaceKind.Agent,
            _ => AlertPlaceKind.Zone,
        };

    public static AlertCategory Category(this RuleTrigger trigger) =>
        trigger switch
        {
            RuleTrigger.CameraOffline or RuleTrigger.EdgeAgent => AlertCategory.Technical,
            RuleTrigger.Deadline => AlertCategory.Workflow,
            _ => AlertCategory.Security,
        };

    /// <summary>True for the triggers that fire only after something has lasted a while (they carry a threshold).</summary>
    public static bool HasThreshold(this RuleTrigger trigger) =>
        trigger is RuleTrigger.MotionContinuous or RuleTrigger.GateHeldOpen or RuleTrigger.CameraOffline;
}
