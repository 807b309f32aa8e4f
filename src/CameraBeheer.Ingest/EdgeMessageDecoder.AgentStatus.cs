using System.Buffers;
using System.Text.Json;
using CameraBeheer.Abstractions;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.Text;
using CameraBeheer.Domain;

namespace CameraBeheer.Ingest;

/// <summary>The agents' own topics (<c>camerabeheer/edge/{site}/{agent}/status</c>), read by the same rules of bad input as contract v1.</summary>
public sealed partial class EdgeMessageDecoder
{
    private EdgeMessage DecodeAgentTopic(string topic, ReadOnlySequence<byte> payload)
    {
        if (!EdgeTopics.TryParseAgent(topic, EdgeTopics.AgentStatusLeaf, out var topicSite, out var agent))
            return Reject(RejectReasons.UnknownTopic, $"topic '{Printable.Excerpt(topic, 200)}' is not an agent status topic (camerabeheer/edge/{{site}}/{{agent}}/status)");
        if (!Ids.IsValid(topicSite) || !Ids.IsValid(agent))
            return Reject(RejectReasons.IdOutOfPattern, $"topic '{Printable.Excerpt(topic, 200)}' has an id out of pattern [a-z0-9][a-z0-9-]{{0,63}}");
        if (topicSite != site.Site.Id) return Reject(RejectReasons.UnknownSite, $"site '{topicSite}' is not this backend's site '{site.Site.Id}'");
        if (payload.Length == 0) return Reject(RejectReasons.Empty, "the payload is empty");
        if (payload.Length > MaxPayloadBytes) return Reject(RejectReasons.Oversized, $"the payload has {payload.Length} bytes; at most {MaxPayloadBytes} are allowed");
        try
        {
            return DecodeAgentStatus(agent, Deserialize(payload, AgentJsonContext.Default.AgentStatusPayload));
        }
        catch (JsonException e)
        {
            return Reject(RejectReasons.MalformedJson, $"not a valid agent status: {Printable.Excerpt(e.Message, 400)}");
        }
    }

    private EdgeMessage DecodeAgentStatus(string agent, AgentStatusPayload? p)
    {
        if (p is null) return Reject(RejectReasons.MalformedJson, "the payload is JSON null");
        if (p.Agent is null) return Missing("agent");
        if (p.Agent != agent) return Invalid("agent", $"'{Printable.Excerpt(p.Agent, 64)}' is not the agent of the topic ('{agent}')");
        if (p.State is null) return Missing("state");
        if (p.State is not (AgentStatusPayload.Online or AgentStatusPayload.Offline)) return Invalid("state", $"'{Printable.Excerpt(p.State, 20)}' is not one of online, offline");
        // Only the future is checked: the will carries the time its connection was made, which may be weeks ago.
        if (p.Ts is not { } ts) return Missing("ts");
        var now = time.GetUtcNow();
        if (ts > now + MaxFutureSkew)
            return Reject(RejectReasons.FutureTimestamp, $"ts {ts.UtcDateTime:O} is more than {MaxFutureSkew.TotalMinutes:0} minutes ahead of the backend's clock ({now.UtcDateTime:O})");
        AgentDrops? dropped = null;
        if (p.Dropped is { } d)
        {
            if (d.FootageEvents < 0 || d.OtherEvents < 0 || d.SpoolFiles < 0 || d.SpoolBytes < 0 || d.Conflicts < 0) return Invalid("dropped", "counts cannot be negative");
            dropped = new AgentDrops(d.FootageEvents, d.OtherEvents, d.SpoolFiles, d.SpoolBytes, d.Conflicts, d.Last?.ToUniversalTime(),
                d.LastWhat is null ? null : Printable.Excerpt(d.LastWhat, 200));
        }
        AgentDisk? disk = null;
        if (p.Disk is { } k)
        {
            if (string.IsNullOrEmpty(k.Path)) return Missing("disk.path");
            disk = new AgentDisk(Printable.Excerpt(k.Path, 200), k.FreeBytes, k.MinimumFreeBytes, k.RefusingFootage);
        }
        return new EdgeMessage.AgentStatus(site.Site.Id, new AgentStatusReport(agent, p.State == AgentStatusPayload.Online, ts.ToUniversalTime(), dropped, disk));
    }
}
