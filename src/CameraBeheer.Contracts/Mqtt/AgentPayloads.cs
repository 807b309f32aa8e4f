using System.Text.Json.Serialization;

namespace CameraBeheer.Contracts.Mqtt;

/// <summary>
/// An edge agent's own status on <c>camerabeheer/edge/{site}/{agent}/status</c> (retained, and the MQTT will with state
/// <c>offline</c>). Beside contract v1 on purpose: contract v1 has no agent topic. The backend reads it to know which
/// agents are alive and what they dropped; it is never stored as an event nor dead-lettered.
/// </summary>
/// <param name="State"><c>online</c> or <c>offline</c>.</param>
/// <param name="Ts">When the state was published; in the will, when the connection it reports the loss of was made.</param>
/// <param name="Dropped">What was dropped since the agent started: the backend raises an alert when it grows.</param>
/// <param name="Disk">The place footage is written at the edge, and whether new footage is being refused for lack of room.</param>
public sealed record AgentStatusPayload(
    [property: JsonPropertyName("agent")] string Agent,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("ts"), JsonConverter(typeof(Rfc3339TimestampConverter))] DateTimeOffset? Ts,
    [property: JsonPropertyName("outbox")] AgentQueueFigures? Outbox = null,
    [property: JsonPropertyName("spool")] AgentQueueFigures? Spool = null,
    [property: JsonPropertyName("dropped")] AgentDropFigures? Dropped = null,
    [property: JsonPropertyName("disk")] AgentDiskFigures? Disk = null)
{
    public const string Online = "online";
    public const string Offline = "offline";
}

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

/// <summary>
/// The disk the edge writes footage to. <paramref name="RefusingFootage"/> is true while free space is below the
/// minimum and new footage is refused (never made room for by deleting held or young footage).
/// </summary>
public sealed record AgentDiskFigures(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("freeBytes")] long FreeBytes,
    [property: JsonPropertyName("minimumFreeBytes")] long MinimumFreeBytes,
    [property: JsonPropertyName("refusingFootage")] bool RefusingFootage,
    [property: JsonPropertyName("since"), JsonConverter(typeof(Rfc3339TimestampConverter))] DateTimeOffset? Since);

/// <summary>
/// A retention receipt of the edge on <c>camerabeheer/edge/{site}/{agent}/receipt</c> (QoS 1, not retained): what one
/// sweep of the edge's own four-week rule deleted (quarantine, spool, journal). The edge writes it to its own disk
/// first, then publishes it; the backend keeps it beside its own retention receipts.
/// </summary>
/// <param name="Id">Unique per sweep, so a redelivered receipt is kept once.</param>
/// <param name="Ts">When the sweep ran.</param>
/// <param name="Cutoff">Everything written before this was due (the sweep time minus 28 days).</param>
public sealed record AgentReceiptPayload(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("agent")] string Agent,
    [property: JsonPropertyName("ts"), JsonConverter(typeof(Rfc3339TimestampConverter))] DateTimeOffset? Ts,
    [property: JsonPropertyName("cutoff"), JsonConverter(typeof(Rfc3339TimestampConverter))] DateTimeOffset? Cutoff,
    [property: JsonPropertyName("deleted")] IReadOnlyList<AgentReceiptItem> Deleted);

/// <summary>One kind of thing a sweep deleted: <c>quarantine</c>, <c>spool</c> or <c>journal</c>.</summary>
public sealed record AgentReceiptItem(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("oldest"), JsonConverter(typeof(Rfc3339TimestampConverter))] DateTimeOffset? Oldest,
    [property: JsonPropertyName("newest"), JsonConverter(typeof(Rfc3339TimestampConverter))] DateTimeOffset? Newest);

/// <summary>Source-generated serializer of the agent's own messages (status and receipts).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentStatusPayload))]
[JsonSerializable(typeof(AgentReceiptPayload))]
public sealed partial class AgentJsonContext : JsonSerializerContext;
