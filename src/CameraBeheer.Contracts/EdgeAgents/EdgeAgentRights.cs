using CameraBeheer.Contracts.Mqtt;

namespace CameraBeheer.Contracts.EdgeAgents;

/// <summary>
/// What one edge agent may publish: exactly the contract-v1 topics of its own cameras (motion, segment, status) and
/// gates (event) at its own site, and its own status and receipt topics. Nothing else, and it may subscribe to nothing. The embedded
/// broker decides with <see cref="MayPublish"/>, the exported Mosquitto ACL lists <see cref="Topics"/>: one list, two brokers.
/// </summary>
/// <remarks>
/// An exact-match set rather than patterns: a topic with <c>+</c>, <c>#</c>, <c>..</c>, another site's prefix, other
/// Unicode or extra levels simply is not in the set, so there is no matching logic to get wrong.
/// </remarks>
public sealed class EdgeAgentRights
{
    /// <summary>Longer topics are refused before any lookup (the longest allowed one is far shorter).</summary>
    public const int MaxTopicLength = 512;

    private readonly HashSet<string> _topics;

    public EdgeAgentRights(string site, string agent, IEnumerable<string> cameras, IEnumerable<string> gates)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentNullException.ThrowIfNull(gates);
        Site = site;
        Agent = agent;
        var topics = new List<string>();
        foreach (var camera in cameras.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            topics.Add(EdgeTopics.Motion(site, camera));
            topics.Add(EdgeTopics.Segment(site, camera));
            topics.Add(EdgeTopics.Status(site, camera));
        }
        foreach (var gate in gates.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            topics.Add(EdgeTopics.Gate(site, gate));
        topics.Add(EdgeTopics.AgentStatus(site, agent));
        topics.Add(EdgeTopics.AgentReceipt(site, agent));
        Topics = topics;
        _topics = new HashSet<string>(topics, StringComparer.Ordinal);
    }

    public string Site { get; }

    public string Agent { get; }

    /// <summary>Every topic the agent may publish, in a stable order (cameras, gates, its status, its receipts).</summary>
    public IReadOnlyList<string> Topics { get; }

    /// <summary>True only for one of <see cref="Topics"/>, character for character.</summary>
    public bool MayPublish(string? topic) => topic is { Length: > 0 and <= MaxTopicLength } && _topics.Contains(topic);
}
