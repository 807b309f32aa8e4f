namespace CameraBeheer.Contracts.Mqtt;

/// <summary>The topics of MQTT contract v1: <c>camerabeheer/v1/{site}/camera/{camera}/{motion|segment|status}</c> and <c>camerabeheer/v1/{site}/gate/{gate}/event</c>.</summary>
public static class EdgeTopics
{
    public const string Prefix = "camerabeheer/v1/";

    /// <summary>What the backend's subscriber listens to: every topic of contract v1.</summary>
    public const string SubscriptionFilter = "camerabeheer/v1/#";

    public static string Motion(string site, string camera) => $"{Prefix}{site}/camera/{camera}/motion";
    public static string Segment(string site, string camera) => $"{Prefix}{site}/camera/{camera}/segment";
    public static string Status(string site, string camera) => $"{Prefix}{site}/camera/{camera}/status";
    public static string Gate(string site, string gate) => $"{Prefix}{site}/gate/{gate}/event";

    /// <summary>An edge agent's own status (retained, and its MQTT will): beside contract v1, read for liveness, not stored as an event.</summary>
    public static string AgentStatus(string site, string agent) => $"{AgentPrefix}{site}/{agent}/status";

    /// <summary>An edge agent's retention receipts (QoS 1, not retained): beside contract v1.</summary>
    public static string AgentReceipt(string site, string agent) => $"{AgentPrefix}{site}/{agent}/receipt";

    /// <summary>The root of the agents' own topics.</summary>
    public const string AgentPrefix = "camerabeheer/edge/";
}

/// <summary>The kinds of message contract v1 knows.</summary>
public enum EdgeMessageKind
{
    Motion,
    Segment,
    Status,
    Gate,
}
