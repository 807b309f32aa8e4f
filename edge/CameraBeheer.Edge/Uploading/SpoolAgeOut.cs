namespace CameraBeheer.Edge.Uploading;

/// <summary>A segment the four-week rule deleted from the spool before it was uploaded.</summary>
public sealed record SpoolAgeOut(string Camera, DateTimeOffset Start, DateTimeOffset End, long Bytes);
