namespace CameraBeheer.Domain.Sites;

/// <summary>An entrance with a gate controller, and the camera that watches it.</summary>
public sealed record GateConfig(string Id, string Name, string Camera);
