using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Edge.Uploading;

namespace CameraBeheer.Edge.Messaging;

/// <summary>The phases of a motion event (contract v1's <c>phase</c>).</summary>
public enum EdgeMotionPhase
{
    Start,
    Update,
    End,
}

/// <summary>Motion the detector saw (its <c>MotionDetected</c>): one region of one camera, with the dome's current preset.</summary>
/// <param name="Region">The region name; null for motion anywhere in the image.</param>
/// <param name="Score">0..1; values outside are clamped.</param>
public sealed record MotionReport(string Camera, string? Region, EdgeMotionPhase Phase, double Score, DateTimeOffset Ts, int? Preset);

/// <summary>
/// What the video half of the agent (recorder, motion detector) reports; everything goes through the outbox, so it is
/// durable when the call returns and reaches the broker when it can.
/// </summary>
public interface IEdgeEventSink
{
    /// <summary>A motion start, update or end; gets a unique event id.</summary>
    Task MotionAsync(MotionReport motion, CancellationToken cancellationToken = default);

    /// <summary>A finished segment file: moved into the upload spool, uploaded, announced, deleted.</summary>
    Task SegmentFinishedAsync(SegmentReady segment, CancellationToken cancellationToken = default);

    /// <summary>A camera's status (online while its recorder runs); published retained.</summary>
    Task CameraStatusAsync(string camera, bool online, DateTimeOffset ts, CancellationToken cancellationToken = default);
}

/// <summary>The <see cref="IEdgeEventSink"/> over the <see cref="EdgeOutbox"/> and the <see cref="SegmentUploader"/>.</summary>
public sealed class EdgeEventSink(EdgeOutbox outbox, SegmentUploader uploader) : IEdgeEventSink
{
    private readonly Dictionary<string, (DateTimeOffset Stamp, int Next)> _motionIds = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task MotionAsync(MotionReport motion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(motion);
        var score = double.IsNaN(motion.Score) ? 0 : Math.Clamp(motion.Score, 0, 1);
        var ts = TruncateToMilliseconds(motion.Ts);
        var payload = new MotionPayload(NextMotionId(motion.Camera, ts), ts, PhaseName(motion.Phase), motion.Region, motion.Preset, Math.Round(score, 4));
        return outbox.EnqueueMotionAsync(motion.Camera, payload, cancellationToken);
    }

    public Task SegmentFinishedAsync(SegmentReady segment, CancellationToken cancellationToken = default) =>
        uploader.SubmitAsync(segment, cancellationToken);

    public Task CameraStatusAsync(string camera, bool online, DateTimeOffset ts, CancellationToken cancellationToken = default) =>
        outbox.EnqueueStatusAsync(camera, new StatusPayload(online ? "online" : "offline", TruncateToMilliseconds(ts)), cancellationToken);

    internal static string PhaseName(EdgeMotionPhase phase) => phase switch
    {
        EdgeMotionPhase.Start => "start",
        EdgeMotionPhase.Update => "update",
        _ => "end",
    };

    /// <summary>Contract v1 times carry milliseconds; the id is made from the same value the payload shows.</summary>
    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) =>
        new DateTimeOffset(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    /// <summary>Numbered among the camera's events of the same millisecond, so two regions starting together differ.</summary>
    private string NextMotionId(string camera, DateTimeOffset ts)
    {
        int sequence;
        lock (_lock)
        {
            sequence = _motionIds.TryGetValue(camera, out var last) && last.Stamp == ts ? last.Next : 0;
            _motionIds[camera] = (ts, sequence + 1);
        }

        return EdgeEventIds.Motion(ts, sequence);
    }
}
