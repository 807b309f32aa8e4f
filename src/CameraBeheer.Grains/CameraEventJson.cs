using System.Text.Json;
using CameraBeheer.Contracts.Mqtt;

namespace CameraBeheer.Grains;

/// <summary>Camera events to and from their event-log form: the contract's own payload, re-serialized compactly.</summary>
internal static class CameraEventJson
{
    public const string Motion = "motion";
    public const string Status = "status";
    public const string Segment = "segment";

    public static EventLogEntry ToEntry(CameraEvent e) => e switch
    {
        { Motion: { } m } => new(e.Id, e.Ts, Motion, JsonSerializer.Serialize(
            new MotionPayload(m.Id, m.Ts, Word(m.Phase), m.Region, m.Preset, m.Score), EdgeJsonContext.Default.MotionPayload)),
        { Status: { } s } => new(e.Id, e.Ts, Status, JsonSerializer.Serialize(
            new StatusPayload(s.Online ? "online" : "offline", s.Ts), EdgeJsonContext.Default.StatusPayload)),
        { Segment: { } g } => new(e.Id, e.Ts, Segment, JsonSerializer.Serialize(
            new SegmentPayload(g.Id, g.Start, g.End, g.Object, g.Bytes, g.Sha256), EdgeJsonContext.Default.SegmentPayload)),
        _ => throw new ArgumentException($"camera event {e.Id} has no content", nameof(e)),
    };

    /// <summary>A phase as contract v1 spells it, without building the string for every event.</summary>
    private static string Word(MotionPhase phase) => phase switch
    {
        MotionPhase.Start => "start",
        MotionPhase.Update => "update",
        MotionPhase.End => "end",
        _ => phase.ToString().ToLowerInvariant(),
    };

    /// <summary>Reads back what <see cref="ToEntry"/> wrote; null for a line it does not recognise.</summary>
    public static CameraEvent? FromEntry(EventLogEntry entry)
    {
        switch (entry.Type)
        {
            case Motion:
                var m = JsonSerializer.Deserialize(entry.Json, EdgeJsonContext.Default.MotionPayload);
                if (m is not { Id: { } id, Ts: { } ts, Phase: { } phase, Score: { } score } || !Enum.TryParse<MotionPhase>(phase, ignoreCase: true, out var p)) return null;
                return CameraEvent.Of(new MotionObservation(id, ts, p, m.Region, m.Preset, score));
            case Status:
                var s = JsonSerializer.Deserialize(entry.Json, EdgeJsonContext.Default.StatusPayload);
                return s is { State: { } state, Ts: { } sts } ? CameraEvent.Of(new StatusObservation(state == "online", sts)) : null;
            case Segment:
                var g = JsonSerializer.Deserialize(entry.Json, EdgeJsonContext.Default.SegmentPayload);
                return g is { Id: { } gid, Start: { } start, End: { } end, Object: { } obj, Bytes: { } bytes, Sha256: { } sha }
                    ? CameraEvent.Of(new SegmentObservation(gid, start, end, obj, bytes, sha))
                    : null;
            default:
                return null;
        }
    }
}
