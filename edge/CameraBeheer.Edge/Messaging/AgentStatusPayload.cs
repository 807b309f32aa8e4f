using System.Text.Json.Serialization;
using CameraBeheer.Contracts.Mqtt;

namespace CameraBeheer.Edge.Messaging;

/// <summary>
/// The agent's own status on <c>camerabeheer/edge/{site}/{agent}/status</c> (retained, and the MQTT will with state
/// <c>offline</c>). Outside the <c>camerabeheer/v1/</c> tree on purpose: contract v1 has no agent topic and no field for
/// drops, and the backend neither ingests nor dead-letters this topic. Operators and monitoring read it.
/// </summary>
/// <param name="Ts">When the state was published; in the will, when the connection it reports the loss of was made.</param>
public sealed record AgentStatusPayload(
    [property: JsonPropertyName("agent")] string Agent,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("ts"), JsonConverter(typeof(Rfc3339TimestampConverter))] DateTimeOffset? Ts,
    [property: JsonPropertyName("outbox")] AgentQueueFigures? Outbox = null,
    [property: JsonPropertyName("spool")] AgentQueueFigures? Spool = null,
    [property: JsonPropertyName("dropped")] AgentDropFigures? Dropped = null);

/// <summary>How much waits in the outbox or the upload spool.</summary>
public sealed record AgentQueueFigures(
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("bytes")] long Bytes);

/// <summary>What was dropped since the agent started, and the last time anything was.</summary>
public sealed record AgentDropFigures(
    [property: JsonPropertyName("footageEvents")] long FootageEvents,
    [property: JsonPropertyName("otherEvents")] long OtherEvents,
    [property: JsonPropertyName("spoolFiles")] long SpoolFiles,
    [property: JsonPropertyName("spoolBytes")] long SpoolBytes,
    [property: JsonPropertyName("conflicts")] long Conflicts,
    [property: JsonPropertyName("last"), JsonConverter(typeof(Rfc3339TimestampConverter))] DateTimeOffset? Last,
    [property: JsonPropertyName("lastWhat")] string? LastWhat);

/// <summary>Source-generated serializer of the agent status.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentStatusPayload))]
public sealed partial class EdgeAgentJsonContext : JsonSerializerContext;

/// <summary>The agent's own topic, beside contract v1.</summary>
public static class AgentTopics
{
    public static string Status(string site, string agent) => EdgeTopics.AgentStatus(site, agent);
}
