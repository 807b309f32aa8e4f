using System.Collections.Concurrent;
using System.Collections.Immutable;
using CameraBeheer.Domain.FootageRequests;
using CameraBeheer.Domain.Retention;
using CameraBeheer.Exports;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Runs the exports of approved requests on the thread pool, outside any grain's turn (ffmpeg takes seconds to minutes),
/// keeps their progress for the status call, and reports the outcome back to the request's grain. One run per request
/// at a time; a run cut off by a shutdown leaves the request Exporting, and the next start resumes it.
/// </summary>
public sealed partial class FootageExportRunner(
    IGrainFactory grains,
    IFootageExporter exporter,
    IHostApplicationLifetime lifetime,
    ILogger<FootageExportRunner> logger) : IFootageExportJobs
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, CameraExportProgress>> _running = new(StringComparer.Ordinal);

    public void Start(string requestId)
    {
        var progress = new ConcurrentDictionary<string, CameraExportProgress>(StringComparer.Ordinal);
        if (!_running.TryAdd(requestId, progress)) return; // already running here
        _ = Task.Run(() => RunAsync(requestId, progress, lifetime.ApplicationStopping));
    }

    /// <summary>Per camera, how far the running export of <paramref name="requestId"/> is; empty when none runs here.</summary>
    public IReadOnlyList<CameraExportProgress> Progress(string requestId) =>
        _running.TryGetValue(requestId, out var progress) ? [.. progress.Values.OrderBy(p => p.Camera, StringComparer.Ordinal)] : [];

    /// <summary>True while the export of <paramref name="requestId"/> runs in this process.</summary>
    public bool IsRunning(string requestId) => _running.ContainsKey(requestId);

    private async Task RunAsync(string requestId, ConcurrentDictionary<string, CameraExportProgress> progress, CancellationToken stopping)
    {
        var grain = grains.GetGrain<IFootageRequestGrain>(requestId);
        var attempt = 0;
        try
        {
            var request = await grain.GetAsync(RequestActor.System);
            if (request.Status != RequestStatus.Exporting)
            {
                Finished(requestId);
                return;
            }
            attempt = request.ExportAttempts;
            LogStarted(logger, requestId, request.Cameras.Length);
            var job = new ExportJob(Case(request), request.Cameras, await EdgeHashesAsync(request));
            var outcome = await exporter.ExportAsync(job, new ProgressBoard(progress), stopping);
            // Off the list before the grain hears of it: a retry the report makes possible must be able to start.
            Finished(requestId);
            await grain.ExportSucceededAsync(new ExportReport(
                [.. outcome.Files.Select(f => new ExportedFile(f.Name, f.Bytes, f.Sha256))],
                [.. outcome.Gaps.Select(g => new FootageGapNote(g.Camera, g.From, g.To, g.Reason))],
                outcome.ActualFrom, outcome.ActualTo, attempt));
            LogReady(logger, requestId, outcome.Files.Count, outcome.Gaps.Count);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            Finished(requestId);
            LogInterrupted(logger, requestId); // still Exporting: resumed at the next start
        }
        catch (ExportFailedException e)
        {
            Finished(requestId);
            LogFailed(logger, e, requestId);
            await ReportFailureAsync(grain, attempt, e.Message);
        }
        catch (Exception e)
        {
            Finished(requestId);
            LogFailed(logger, e, requestId);
            await ReportFailureAsync(grain, attempt, $"the export failed unexpectedly ({e.GetType().Name}: {e.Message}); retry it, and see the backend's log if it fails again");
        }
    }

    private void Finished(string requestId) => _running.TryRemove(requestId, out _);

    private async Task ReportFailureAsync(IFootageRequestGrain grain, int attempt, string reason)
    {
        try
        {
            await grain.ExportFailedAsync(attempt, reason);
        }
        catch (Exception e)
        {
            // The request stays Exporting and is resumed at the next start: nothing is lost, only late.
            LogReportFailed(logger, e, grain.GetPrimaryKeyString());
        }
    }

    private static EvidenceCase Case(FootageRequest r) => new(
        r.Id, r.Site, r.Case, r.Basis.Word(), r.Authorisation, r.RequestedBy, r.RequestedAt,
        r.ReviewedBy ?? "", r.ReviewedAt ?? r.RequestedAt, r.Reason, r.From, r.To);

    /// <summary>The SHA-256 each segment had when the edge uploaded it, from the segment events in the camera's log.</summary>
    private async Task<IReadOnlyDictionary<string, string>> EdgeHashesAsync(FootageRequest request)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var camera in request.Cameras)
        {
            var segments = await grains.GetGrain<ICameraGrain>(GrainKeys.Camera(request.Site, camera))
                .GetSegmentsAsync(RetentionPolicy.HourOf(request.From) - RetentionPolicy.BucketLength, request.To);
            foreach (var segment in segments) hashes[segment.Object] = segment.Sha256;
        }
        return hashes;
    }

    private sealed class ProgressBoard(ConcurrentDictionary<string, CameraExportProgress> board) : IProgress<CameraExportProgress>
    {
        public void Report(CameraExportProgress value) => board[value.Camera] = value;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Export of {Request} started ({Cameras} cameras)")]
    private static partial void LogStarted(ILogger logger, string request, int cameras);

    [LoggerMessage(Level = LogLevel.Information, Message = "Export of {Request} ready: {Files} files, {Gaps} gaps")]
    private static partial void LogReady(ILogger logger, string request, int files, int gaps);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export of {Request} interrupted by the shutdown; it resumes at the next start")]
    private static partial void LogInterrupted(ILogger logger, string request);

    [LoggerMessage(Level = LogLevel.Error, Message = "Export of {Request} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string request);

    [LoggerMessage(Level = LogLevel.Error, Message = "Export of {Request} failed and the request could not be told; it resumes at the next start")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string request);
}
