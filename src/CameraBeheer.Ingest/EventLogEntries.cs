using System.Text.Json;
using CameraBeheer.Contracts.Mqtt;

namespace CameraBeheer.Ingest;

/// <summary>The canonical event-log form of a validated message: the contract's payload, re-serialized compactly.</summary>
public static class EventLogEntries
{
    public static EventLogEntry For(EdgeMessage.CameraMessage message) => message switch
    {
        EdgeMessage.Motion m => new(m.Observation.Id, m.Observation.Ts, "motion", JsonSerializer.Serialize(
            new MotionPayload(m.Observation.Id, m.Observation.Ts, m.Observation.Phase.ToString().ToLowerInvariant(), m.Observation.Region, m.Observation.Preset, m.Observation.Score),
            EdgeJsonContext.Default.MotionPayload)),
        EdgeMessage.Status s => new($"status-{s.Observation.Ts.UtcTicks}", s.Observation.Ts, "status", JsonSerializer.Serialize(
            new StatusPayload(s.Observation.Online ? "online" : "offline", s.Observation.Ts), EdgeJsonContext.Default.StatusPayload)),
        EdgeMessage.Segment g => new(g.Id, g.Start, "segment", JsonSerializer.Serialize(
            new SegmentPayload(g.Id, g.Start, g.End, g.Object, g.Bytes, g.Sha256), EdgeJsonContext.Default.SegmentPayload)),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name),
    };
}
