namespace CameraBeheer.Grains;

/// <summary>The durable state of a control room: its alerts (open ones, and resolved ones until the retention period ends) and the last alert number.</summary>
[GenerateSerializer]
public sealed class ControlRoomState
{
    /// <summary>Alert id → the alert as last saved.</summary>
    [Id(0)] public Dictionary<string, AlertSnapshot> Alerts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Ids are never reused, also after resolved alerts are forgotten.</summary>
    [Id(1)] public long LastNumber { get; set; }

    /// <summary>Alert id → the causes (rule|place|cause id) of the signals it took, so a signal sent again is taken once (see <see cref="TakenCauses"/>).</summary>
    [Id(2)] public Dictionary<string, List<string>> Causes { get; set; } = new(StringComparer.Ordinal);
}
