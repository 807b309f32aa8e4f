namespace CameraBeheer.Domain.Sites;

/// <summary>One camera: a fixed facility camera, or a municipal dome camera that turns between presets.</summary>
/// <param name="Regions">Named parts of the image that motion is reported for (e.g. "entrance", "yard"); may be empty.</param>
/// <param name="Presets">The dome's preset views; always empty for a facility camera, never empty for a dome.</param>
public sealed record CameraConfig(
    string Id,
    string Name,
    string Location,
    CameraPlacement Placement,
    CameraKind Kind,
    IReadOnlyList<string> Regions,
    IReadOnlyList<CameraPreset> Presets)
{
    public bool IsDome => Kind == CameraKind.Dome;

    /// <summary>Interior footage can reveal health data, which changes the legal basis police need (art. 126nf Sv).</summary>
    public bool IsInterior => Placement == CameraPlacement.Interior;

    public bool HasRegion(string region) => Regions.Contains(region, StringComparer.Ordinal);

    public CameraPreset? FindPreset(int number) => Presets.FirstOrDefault(p => p.Number == number);
}

/// <summary>A stored view of a dome camera, e.g. 1 "trap" (the stairs) or 2 "richting-station".</summary>
public sealed record CameraPreset(int Number, string Name)
{
    public override string ToString() => $"{Number} {Name}";
}

/// <summary>Whether a camera looks inside the building or outside it.</summary>
public enum CameraPlacement
{
    Interior,
    Exterior,
}

/// <summary>Who owns a camera and how it moves.</summary>
public enum CameraKind
{
    /// <summary>A fixed camera of the facility itself.</summary>
    Facility,

    /// <summary>A municipal all-round (PTZ) camera that alternates between presets.</summary>
    Dome,
}
