using System.Text.Json.Serialization;

namespace CameraBeheer.Contracts.Mqtt;

/// <summary>Payload of <c>…/camera/{camera}/motion</c>: a motion start, update or end in one region.</summary>
public sealed record MotionPayload(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("ts"), JsonConverter(typeof(Rfc3339TimestampConverter))] DateTimeOffset? Ts,
    [property: JsonPropertyName("phase")] string? Phase,
    [property: JsonPropertyName("region")] string? Region,
    [property: JsonPropertyName("preset")] int? Preset,
    [property: JsonPropertyName("score")] double? Score);

/// <summary>Payload of <c>…/camera/{camera}/segment</c>: a recorded segment uploaded to the blob store.</summary>
public sealed record SegmentPayload(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("start"), JsonConverter(typeof(Rfc3339TimestampConverter))] DateTimeOffset? Start,
    [property: JsonPropertyName("end"), JsonConverter(typeof(Rfc3339TimestampConverter))] DateTimeOffset? End,
    [property: JsonPropertyName("object")] string? Object,
    [property: JsonPropertyName("bytes")] long? Bytes,
    [property: JsonPropertyName("sha256")] string? Sha256);

/// <summary>Payload of <c>…/camera/{camera}/status</c> (retained; the edge's will says offline).</summary>
public sealed record StatusPayload(
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("ts"), JsonConverter(typeof(Rfc3339TimestampConverter))] DateTimeOffset? Ts);

/// <summary>Payload of <c>…/gate/{gate}/event</c>.</summary>
public sealed record GatePayload(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("ts"), JsonConverter(typeof(Rfc3339TimestampConverter))] DateTimeOffset? Ts,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("badge")] string? Badge);

/// <summary>Source-generated serializers for the edge payloads: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MotionPayload))]
[JsonSerializable(typeof(SegmentPayload))]
[JsonSerializable(typeof(StatusPayload))]
[JsonSerializable(typeof(GatePayload))]
public sealed partial class EdgeJsonContext : JsonSerializerContext;
