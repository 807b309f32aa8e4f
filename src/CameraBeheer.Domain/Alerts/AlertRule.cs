namespace CameraBeheer.Domain.Alerts;

/// <summary>
/// One rule of the site file: when <see cref="Trigger"/> happens at one of its places, inside its watch window,
/// the control room gets an alert of <see cref="Priority"/> with <see cref="Text"/>.
/// </summary>
/// <remarks>
/// Made by the site configuration loader, which guarantees that every zone, gate, camera and window named exists and
/// that <see cref="Threshold"/> is set exactly for the triggers that need one.
/// </remarks>
public sealed record AlertRule(string Id, RuleTrigger Trigger, AlertPriority Priority, string Text)
{
    /// <summary>The zones of a motion rule; empty for gate and camera rules.</summary>
    public IReadOnlyList<string> Zones { get; init; } = [];

    /// <summary>The gate of a gate rule; null for every gate of the site.</summary>
    public string? Gate { get; init; }

    /// <summary>The cameras of a camera rule; null for every camera of the site.</summary>
    public IReadOnlyList<string>? Cameras { get; init; }

    /// <summary>The watch window the rule holds in; null when it holds at any time.</summary>
    public string? Window { get; init; }

    /// <summary>How long the situation must last before the rule fires (loitering, a gate held open, a camera offline).</summary>
    public TimeSpan Threshold { get; init; }

    public AlertPlaceKind PlaceKind => Trigger.PlaceKind();

    public AlertCategory Category => Trigger.Category();

    /// <summary>True when the rule is about <paramref name="place"/>: one of its zones, its gate, or one of its cameras.</summary>
    public bool AppliesTo(string place) =>
        PlaceKind switch
        {
            AlertPlaceKind.Zone => Zones.Contains(place, StringComparer.Ordinal),
            AlertPlaceKind.Gate => Gate is null || string.Equals(Gate, place, StringComparison.Ordinal),
            AlertPlaceKind.Workflow or AlertPlaceKind.Agent => true,
            _ => Cameras is null || Cameras.Contains(place, StringComparer.Ordinal),
        };

    public override string ToString() => $"{Id} ({Trigger.Word()}, {Priority.Word()})";
}
