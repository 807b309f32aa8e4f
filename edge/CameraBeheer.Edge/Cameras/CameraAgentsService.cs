using CameraBeheer.Edge.Configuration;
using CameraBeheer.Edge.Messaging;
using CameraBeheer.Edge.Uploading;
using CameraBeheer.Edge.Video;

namespace CameraBeheer.Edge.Cameras;

/// <summary>
/// One recorder and one motion detector per configured camera, feeding the event sink: finished segments to the uploader,
/// motion and status to the outbox. A camera whose source fails goes offline and retries on its own; the others go on.
/// </summary>
public sealed class CameraAgentsService(EdgeOptions options, IEdgeEventSink sink, ILoggerFactory loggers, TimeProvider time, IFootageDisk? footageDisk = null) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Cameras.Where(c => !string.IsNullOrWhiteSpace(c.Source)).SelectMany(c => Agents(c, stoppingToken)));

    private IEnumerable<Task> Agents(EdgeCameraOptions camera, CancellationToken stoppingToken)
    {
        var source = Source(camera.Source!);
        // Recorded beside the uploader's spool, on the same disk: handing a segment over is a rename.
        var recording = Path.Combine(options.ResolvedStateFolder, "recording");
        var recorder = new SegmentRecorder(camera.Id, source, new SegmentRecorderOptions { SpoolDirectory = recording, AnnounceLeftoversOnStart = true },
            (s, ct) => new ValueTask(sink.SegmentFinishedAsync(new SegmentReady(s.Camera, s.Start, s.End, s.Path), ct)),
            (s, ct) => new ValueTask(sink.CameraStatusAsync(s.Camera, s.State == CameraState.Online, s.Ts, ct)),
            loggers.CreateLogger($"CameraBeheer.Edge.Recorder.{camera.Id}"), time, footageDisk);
        var regions = camera.Regions.Select(r => Region.Polygon(r.Name, r.Points.Select(p => (p[0], p[1])))).ToList();
        var detector = new MotionDetector(camera.Id, source, regions, new MotionDetectorOptions(),
            (m, ct) => new ValueTask(sink.MotionAsync(new MotionReport(m.Camera, m.Region, (EdgeMotionPhase)(int)m.Phase, m.Score, m.Ts, m.Preset), ct)),
            PresetTour(camera), loggers.CreateLogger($"CameraBeheer.Edge.Motion.{camera.Id}"), time);
        return [recorder.RunAsync(stoppingToken), detector.RunAsync(stoppingToken)];
    }

    private static VideoSource Source(string url) =>
        url.Contains("://", StringComparison.Ordinal) ? new VideoSource(url) : VideoSource.LoopedFile(url);

    /// <summary>A dome tours its presets, each for its dwell time; the preset at an instant follows from the tour.</summary>
    private static Func<DateTimeOffset, int?>? PresetTour(EdgeCameraOptions camera)
    {
        if (camera.Presets.Count == 0) return null;
        var cycle = camera.Presets.Sum(p => (long)Math.Max(1, p.DwellSeconds));
        return at =>
        {
            var offset = at.ToUnixTimeSeconds() % cycle;
            foreach (var preset in camera.Presets)
            {
                offset -= Math.Max(1, preset.DwellSeconds);
                if (offset < 0) return preset.Number;
            }
            return camera.Presets[^1].Number;
        };
    }
}
