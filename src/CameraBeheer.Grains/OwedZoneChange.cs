namespace CameraBeheer.Grains;

/// <summary>A motion transition a camera still owes one zone (the zone's grain key and the change), kept in the camera's state until the zone took it.</summary>
[GenerateSerializer]
public sealed record OwedZoneChange(
    [property: Id(0)] string Zone,
    [property: Id(1)] ZoneMotion Change);
