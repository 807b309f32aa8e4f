namespace CameraBeheer.Domain.Alerts;

/// <summary>What the control room did about an alert, recorded when it is resolved.</summary>
/// <remarks>Saved by number in the control room's state: add new values at the end, never reorder.</remarks>
public enum AlertOutcome
{
    /// <summary>Nothing needed doing (a false alarm, or it was over).</summary>
    None,

    /// <summary>The facility's own staff on duty dealt with it.</summary>
    Staff,

    /// <summary>Municipal enforcement officers were sent (BOA: buitengewoon opsporingsambtenaar).</summary>
    Boa,

    /// <summary>A street coach (straatcoach) was sent.</summary>
    StreetCoach,

    Police,

    Fire,

    Ambulance,
}
