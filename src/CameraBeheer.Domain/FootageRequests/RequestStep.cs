namespace CameraBeheer.Domain.FootageRequests;

/// <summary>One change of a request: to which state, when, by whom (name and role) and why.</summary>
public sealed record RequestStep(RequestStatus Status, DateTimeOffset At, string By, string Role, string Reason);

/// <summary>A user acting on a request, as their token says.</summary>
public sealed record RequestActor(string Name, string Role)
{
    /// <summary>The backend itself: the export finishing, a deadline passing.</summary>
    public static RequestActor System { get; } = new("camerabeheer", "system");
}

/// <summary>One file of a finished evidence package.</summary>
public sealed record ExportedFile(string Name, long Bytes, string Sha256);

/// <summary>Footage missing from an export: a camera offline, a segment missing, footage older than the retention period.</summary>
public sealed record FootageGapNote(string Camera, DateTimeOffset From, DateTimeOffset To, string Reason);
