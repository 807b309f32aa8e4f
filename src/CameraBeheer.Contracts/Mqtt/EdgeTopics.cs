namespace CameraBeheer.Contracts.Mqtt;

/// <summary>
/// The topics of MQTT contract v1 (<c>camerabeheer/v1/{site}/camera/{camera}/{motion|segment|status}</c> and
/// <c>camerabeheer/v1/{site}/gate/{gate}/event</c>) and the agents' own beside it: the edge builds them here, the backend
/// reads them here, and the broker's rights are made from them.
/// </summary>
public static class EdgeTopics
{
    public const string Prefix = "camerabeheer/v1/";

    /// <summary>What the backend's subscriber listens to: every topic of contract v1.</summary>
    public const string SubscriptionFilter = "camerabeheer/v1/#";

    /// <summary>The root of the agents' own topics.</summary>
    public const string AgentPrefix = "camerabeheer/edge/";

    /// <summary>The last level of an agent's status topic.</summary>
    public const string AgentStatusLeaf = "status";

    /// <summary>The last level of an agent's receipt topic.</summary>
    public const string AgentReceiptLeaf = "receipt";

    /// <summary>Every agent's receipts at every site.</summary>
    public const string AgentReceiptFilter = AgentPrefix + "+/+/" + AgentReceiptLeaf;

    private const string CameraLevel = "camera";
    private const string GateLevel = "gate";
    private const string MotionLeaf = "motion";
    private const string SegmentLeaf = "segment";
    private const string StatusLeaf = "status";
    private const string GateLeaf = "event";

    public static string Motion(string site, string camera) => $"{Prefix}{site}/{CameraLevel}/{camera}/{MotionLeaf}";
    public static string Segment(string site, string camera) => $"{Prefix}{site}/{CameraLevel}/{camera}/{SegmentLeaf}";
    public static string Status(string site, string camera) => $"{Prefix}{site}/{CameraLevel}/{camera}/{StatusLeaf}";
    public static string Gate(string site, string gate) => $"{Prefix}{site}/{GateLevel}/{gate}/{GateLeaf}";

    /// <summary>An edge agent's own status (retained, and its MQTT will): beside contract v1, read for liveness, not stored as an event.</summary>
    public static string AgentStatus(string site, string agent) => $"{AgentPrefix}{site}/{agent}/{AgentStatusLeaf}";

    /// <summary>An edge agent's retention receipts (QoS 1, not retained): beside contract v1.</summary>
    public static string AgentReceipt(string site, string agent) => $"{AgentPrefix}{site}/{agent}/{AgentReceiptLeaf}";

    /// <summary>Whether <paramref name="topic"/> is an agent's status topic by its root and last level (well formed or not).</summary>
    public static bool IsAgentStatus(string topic) => IsAgentTopic(topic, "/" + AgentStatusLeaf);

    /// <summary>Whether <paramref name="topic"/> is an agent's receipt topic by its root and last level (well formed or not).</summary>
    public static bool IsAgentReceipt(string topic) => IsAgentTopic(topic, "/" + AgentReceiptLeaf);

    /// <summary>
    /// Reads a topic of contract v1 into its site, kind and camera or gate; false when it is not one. The ids are not
    /// checked here: that is the reader's rule (<c>Ids</c>), with its own message.
    /// </summary>
    public static bool TryParse(string topic, out string site, out EdgeMessageKind kind, out string source)
    {
        site = source = "";
        kind = default;
        if (!topic.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        // Split in place: every message of the hot path comes through here, and only the two ids become strings.
        var levels = topic.AsSpan(Prefix.Length);
        Span<Range> parts = stackalloc Range[5];
        if (levels.Split(parts, '/') != 4) return false;
        var level = levels[parts[1]];
        var leaf = levels[parts[3]];
        if (level.SequenceEqual(CameraLevel))
        {
            if (leaf.SequenceEqual(MotionLeaf)) kind = EdgeMessageKind.Motion;
            else if (leaf.SequenceEqual(SegmentLeaf)) kind = EdgeMessageKind.Segment;
            else if (leaf.SequenceEqual(StatusLeaf)) kind = EdgeMessageKind.Status;
            else return false;
        }
        else if (level.SequenceEqual(GateLevel) && leaf.SequenceEqual(GateLeaf)) kind = EdgeMessageKind.Gate;
        else return false;
        (site, source) = (levels[parts[0]].ToString(), levels[parts[2]].ToString());
        return true;
    }

    /// <summary>
    /// Reads an agent's topic (<c>camerabeheer/edge/{site}/{agent}/{leaf}</c>) whose last level is <paramref name="leaf"/>;
    /// false when it is not one. The ids are not checked here.
    /// </summary>
    public static bool TryParseAgent(string topic, string leaf, out string site, out string agent)
    {
        site = agent = "";
        var parts = topic.StartsWith(AgentPrefix, StringComparison.Ordinal) ? topic[AgentPrefix.Length..].Split('/') : [];
        if (parts.Length != 3 || parts[2] != leaf) return false;
        (site, agent) = (parts[0], parts[1]);
        return true;
    }

    /// <param name="lastLevel">"/" and the leaf: a constant, so nothing is built per message.</param>
    private static bool IsAgentTopic(string topic, string lastLevel) =>
        topic.StartsWith(AgentPrefix, StringComparison.Ordinal) && topic.EndsWith(lastLevel, StringComparison.Ordinal);
}

/// <summary>The kinds of message contract v1 knows.</summary>
public enum EdgeMessageKind
{
    Motion,
    Segment,
    Status,
    Gate,
}
