using CameraBeheer.Abstractions;

namespace CameraBeheer.Ingest;

/// <summary>A message of the edge that passed validation, or the reason it was rejected.</summary>
public abstract record EdgeMessage
{
    private protected EdgeMessage() { }

    /// <summary>A message about one camera; it goes into that camera's event log.</summary>
    public abstract record CameraMessage(string Site, string Camera) : EdgeMessage;

    public sealed record Motion(string Site, string Camera, MotionObservation Observation) : CameraMessage(Site, Camera);

    public sealed record Status(string Site, string Camera, StatusObservation Observation) : CameraMessage(Site, Camera);

    public sealed record Segment(string Site, string Camera, SegmentObservation Observation) : CameraMessage(Site, Camera);

    public sealed record Gate(string Site, string GateId, GateObservation Observation) : EdgeMessage;

    /// <summary>An edge agent's own status (beside contract v1): it goes to the site's liveness grain, not to an event log.</summary>
    public sealed record AgentStatus(string Site, AgentStatusReport Report) : EdgeMessage;

    /// <summary>Input that breaks the contract: dead-lettered with <paramref name="Reason"/> (a short code for metrics) and a readable detail.</summary>
    public sealed record Rejected(string Reason, string Detail) : EdgeMessage;
}

/// <summary>The short reason codes of dead letters (also the metric tag).</summary>
public static class RejectReasons
{
    public const string UnknownTopic = "unknown-topic";
    public const string UnknownSite = "unknown-site";
    public const string UnknownCamera = "unknown-camera";
    public const string UnknownGate = "unknown-gate";
    public const string IdOutOfPattern = "id-out-of-pattern";
    public const string Oversized = "oversized";
    public const string Empty = "empty";
    public const string MalformedJson = "malformed-json";
    public const string MissingField = "missing-field";
    public const string InvalidField = "invalid-field";
    public const string FutureTimestamp = "future-timestamp";
    public const string ExpiredTimestamp = "expired-timestamp";
}
