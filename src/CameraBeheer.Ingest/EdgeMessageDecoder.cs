using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CameraBeheer.Abstractions;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.Text;
using CameraBeheer.Domain;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Ingest;

/// <summary>
/// Turns an MQTT message into a validated <see cref="EdgeMessage"/> by the rules of contract v1, or says why not.
/// Never throws on input: every way a message can be wrong ends in <see cref="EdgeMessage.Rejected"/>.
/// </summary>
public sealed partial class EdgeMessageDecoder(SiteConfiguration site, TimeProvider time)
{
    public const int MaxPayloadBytes = 16 * 1024;
    public const int MaxEventIdLength = EdgeEventIds.MaxLength;

    /// <summary>How far ahead of our clock an edge timestamp may be (clock skew).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    private TimeSpan MaxAge => TimeSpan.FromDays(site.Retention.Days);

    public EdgeMessage Decode(string topic, ReadOnlySequence<byte> payload)
    {
        if (topic.StartsWith(EdgeTopics.AgentPrefix, StringComparison.Ordinal)) return DecodeAgentTopic(topic, payload);
        if (!TryParseTopic(topic, out var kind, out var source, out var rejected)) return rejected!;
        if (payload.Length == 0) return Reject(RejectReasons.Empty, "the payload is empty");
        if (payload.Length > MaxPayloadBytes) return Reject(RejectReasons.Oversized, $"the payload has {payload.Length} bytes; at most {MaxPayloadBytes} are allowed");
        try
        {
            return kind switch
            {
                EdgeMessageKind.Motion => DecodeMotion(source, Deserialize(payload, EdgeJsonContext.Default.MotionPayload)),
                EdgeMessageKind.Segment => DecodeSegment(source, Deserialize(payload, EdgeJsonContext.Default.SegmentPayload)),
                EdgeMessageKind.Status => DecodeStatus(source, Deserialize(payload, EdgeJsonContext.Default.StatusPayload)),
                _ => DecodeGate(source, Deserialize(payload, EdgeJsonContext.Default.GatePayload)),
            };
        }
        catch (JsonException e)
        {
            // A converter's own message carries no position; the path says which field. Both quote the input (a
            // property name, a string value), which may hold control characters or run to kilobytes.
            var where = e.Path is { } path && !e.Message.Contains(path, StringComparison.Ordinal) ? $" (at {Printable.Excerpt(path, 100)})" : "";
            return Reject(RejectReasons.MalformedJson, $"not valid JSON for this topic: {Printable.Excerpt(e.Message, 400)}{where}");
        }
    }

    private static T? Deserialize<T>(ReadOnlySequence<byte> payload, JsonTypeInfo<T> typeInfo)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 4 });
        var value = JsonSerializer.Deserialize(ref reader, typeInfo);
        // One JSON value and nothing after it: trailing text would be silently ignored otherwise.
        if (reader.Read()) throw new JsonException("there is more after the JSON value");
        return value;
    }

    private bool TryParseTopic(string topic, out EdgeMessageKind kind, out string source, out EdgeMessage? rejected)
    {
        rejected = null;
        if (!EdgeTopics.TryParse(topic, out var topicSite, out kind, out source))
        {
            rejected = Reject(RejectReasons.UnknownTopic, $"topic '{Printable.Excerpt(topic, 200)}' is not a topic of contract v1");
            return false;
        }
        if (!Ids.IsValid(topicSite) || !Ids.IsValid(source))
        {
            rejected = Reject(RejectReasons.IdOutOfPattern, $"topic '{Printable.Excerpt(topic, 200)}' has an id out of pattern [a-z0-9][a-z0-9-]{{0,63}}");
            return false;
        }
        if (topicSite != site.Site.Id)
        {
            rejected = Reject(RejectReasons.UnknownSite, $"site '{topicSite}' is not this backend's site '{site.Site.Id}'");
            return false;
        }
        if (kind == EdgeMessageKind.Gate ? site.FindGate(source) is null : site.FindCamera(source) is null)
        {
            rejected = kind == EdgeMessageKind.Gate
                ? Reject(RejectReasons.UnknownGate, $"gate '{source}' is not in the site configuration")
                : Reject(RejectReasons.UnknownCamera, $"camera '{source}' is not in the site configuration");
            return false;
        }
        return true;
    }

    private EdgeMessage DecodeMotion(string camera, MotionPayload? p)
    {
        if (p is null) return Reject(RejectReasons.MalformedJson, "the payload is JSON null");
        if (CheckEventId(p.Id) is { } badId) return badId;
        if (CheckTimestamp("ts", p.Ts) is { } badTs) return badTs;
        if (p.Phase is null) return Missing("phase");
        if (!TryPhase(p.Phase, out var phase)) return Invalid("phase", $"'{Printable.Excerpt(p.Phase, 20)}' is not one of start, update, end");
        if (p.Score is not { } score) return Missing("score");
        if (!double.IsFinite(score) || score is < 0 or > 1) return Invalid("score", $"{score} is not between 0 and 1");
        var config = site.FindCamera(camera)!;
        if (p.Region is not null && !config.Regions.Contains(p.Region))
            return Invalid("region", $"camera '{camera}' has no region '{Printable.Excerpt(p.Region, 64)}'");
        if (p.Preset is { } preset && !config.Presets.Any(x => x.Number == preset))
            return Invalid("preset", $"camera '{camera}' has no preset {preset}");
        return new EdgeMessage.Motion(site.Site.Id, camera, new MotionObservation(p.Id!, p.Ts!.Value.ToUniversalTime(), phase, p.Region, p.Preset, score));
    }

    private EdgeMessage DecodeStatus(string camera, StatusPayload? p)
    {
        if (p is null) return Reject(RejectReasons.MalformedJson, "the payload is JSON null");
        if (p.State is null) return Missing("state");
        if (p.State is not ("online" or "offline")) return Invalid("state", $"'{Printable.Excerpt(p.State, 20)}' is not one of online, offline");
        if (CheckTimestamp("ts", p.Ts) is { } badTs) return badTs;
        return new EdgeMessage.Status(site.Site.Id, camera, new StatusObservation(p.State == "online", p.Ts!.Value.ToUniversalTime()));
    }

    private EdgeMessage DecodeSegment(string camera, SegmentPayload? p)
    {
        if (p is null) return Reject(RejectReasons.MalformedJson, "the payload is JSON null");
        if (CheckEventId(p.Id) is { } badId) return badId;
        if (CheckTimestamp("start", p.Start) is { } badStart) return badStart;
        if (CheckTimestamp("end", p.End) is { } badEnd) return badEnd;
        if (p.End <= p.Start) return Invalid("end", "the segment ends before it starts");
        if (string.IsNullOrEmpty(p.Object)) return Missing("object");
        if (p.Bytes is not { } bytes) return Missing("bytes");
        if (bytes <= 0) return Invalid("bytes", $"{bytes} is not a positive size");
        if (p.Sha256 is null) return Missing("sha256");
        if (p.Sha256.Length != 64 || !p.Sha256.All(char.IsAsciiHexDigitLower)) return Invalid("sha256", "not 64 lower-case hex digits");
        var expectedPrefix = $"footage/{site.Site.Id}/{camera}/";
        if (!p.Object.StartsWith(expectedPrefix, StringComparison.Ordinal) || p.Object.Contains("..", StringComparison.Ordinal) || p.Object.Any(char.IsControl))
            return Invalid("object", $"'{Printable.Excerpt(p.Object, 100)}' is not a footage object of this camera ({expectedPrefix}…)");
        return new EdgeMessage.Segment(site.Site.Id, camera, new SegmentObservation(p.Id!, p.Start!.Value.ToUniversalTime(), p.End!.Value.ToUniversalTime(), p.Object, bytes, p.Sha256));
    }

    private EdgeMessage DecodeGate(string gate, GatePayload? p)
    {
        if (p is null) return Reject(RejectReasons.MalformedJson, "the payload is JSON null");
        if (CheckEventId(p.Id) is { } badId) return badId;
        if (CheckTimestamp("ts", p.Ts) is { } badTs) return badTs;
        if (p.Kind is null) return Missing("kind");
        if (!GateEventKinds.IsKnown(p.Kind))
            return Invalid("kind", $"'{Printable.Excerpt(p.Kind, 20)}' is not one of {GateEventKinds.List}");
        if (p.Badge is { Length: > 64 } || (p.Badge is not null && p.Badge.Any(char.IsControl)))
            return Invalid("badge", "at most 64 printable characters");
        return new EdgeMessage.Gate(site.Site.Id, gate, new GateObservation(p.Id!, p.Ts!.Value.ToUniversalTime(), p.Kind, p.Badge));
    }

    private static EdgeMessage? CheckEventId(string? id)
    {
        if (string.IsNullOrEmpty(id)) return Missing("id");
        return EdgeEventIds.Problem(id) is { } problem ? Invalid("id", problem) : null;
    }

    private EdgeMessage? CheckTimestamp(string field, DateTimeOffset? ts)
    {
        if (ts is not { } value) return Missing(field);
        var now = time.GetUtcNow();
        if (value > now + MaxFutureSkew)
            return Reject(RejectReasons.FutureTimestamp, $"{field} {value.UtcDateTime:O} is more than {MaxFutureSkew.TotalMinutes:0} minutes ahead of the backend's clock ({now.UtcDateTime:O})");
        if (value < now - MaxAge)
            return Reject(RejectReasons.ExpiredTimestamp, $"{field} {value.UtcDateTime:O} is older than the retention period of {site.Retention.Days} days");
        return null;
    }

    private static bool TryPhase(string value, out MotionPhase phase)
    {
        (var ok, phase) = value switch
        {
            "start" => (true, MotionPhase.Start),
            "update" => (true, MotionPhase.Update),
            "end" => (true, MotionPhase.End),
            _ => (false, default),
        };
        return ok;
    }

    private static EdgeMessage.Rejected Reject(string reason, string detail) => new(reason, detail);
    private static EdgeMessage.Rejected Missing(string field) => new(RejectReasons.MissingField, $"field '{field}' is missing");
    private static EdgeMessage.Rejected Invalid(string field, string why) => new(RejectReasons.InvalidField, $"field '{field}': {why}");
}
