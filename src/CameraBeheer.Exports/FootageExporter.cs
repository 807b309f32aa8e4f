using CameraBeheer.Contracts.Evidence;
using CameraBeheer.Storage;
using FFMpegCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CameraBeheer.Exports;

/// <summary>
/// The export of an approved request: per camera an MP4 cut from the stored segments (stream copy), then the manifest,
/// SHA256SUMS and its signature; the videos are made in a local work folder and only then handed to <c>exports/{request}/</c>
/// (on local disk moved into place, so keep <see cref="ExportsOptions.TempDirectory"/> on the store's file system).
/// </summary>
/// <remarks>Idempotent: every attempt first removes what an earlier one left in the store and in the work folder, so a
/// retry after a crash or a failure starts clean. A failed attempt removes its partial package again (best effort).
/// Cameras are exported one after another: ffmpeg's stream copy is disk-bound, and the host has ingest to serve.</remarks>
public sealed class FootageExporter : IFootageExporter
{
    private readonly IBlobStore _store;
    private readonly EvidenceSigner _signer;
    private readonly ExportsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FFOptions _ffmpeg;

    public FootageExporter(IBlobStore store, EvidenceSigner signer, ExportsOptions options, TimeProvider? time = null, ILogger<FootageExporter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.TempDirectory))
            throw new ArgumentException("the export needs a temp folder (Exports:TempDirectory)", nameof(options));
        _store = store;
        _signer = signer;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<FootageExporter>.Instance;
        _ffmpeg = new FFOptions { BinaryFolder = options.FfmpegBinaryFolder ?? "", TemporaryFilesFolder = options.TempDirectory };
    }

    public async Task<ExportOutcome> ExportAsync(ExportJob job, IProgress<CameraExportProgress>? progress, CancellationToken cancellationToken)
    {
        Validate(job);
        EnsureBinaries();
        var request = job.Case;
        var work = Path.Combine(Path.GetFullPath(_options.TempDirectory), request.RequestId);
        var package = Path.Combine(work, "package");
        var completed = false;
        try
        {
            await RemoveStoredPackageAsync(request.RequestId, cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            Directory.CreateDirectory(package);

            var cameraExport = new CameraVideoExport(_store, _options, _ffmpeg, _logger);
            var videos = new List<CameraVideo>(job.Cameras.Count);
            foreach (var camera in job.Cameras)
            {
                var output = Path.Combine(package, EvidencePackage.VideoFileOf(camera));
                videos.Add(await cameraExport.ExportAsync(request, camera, work, output, progress, cancellationToken).ConfigureAwait(false));
            }

            var gaps = videos.SelectMany(v => v.Gaps).ToList();
            var actualFrom = videos.Where(v => v.ActualFrom is not null).Select(v => v.ActualFrom!.Value).DefaultIfEmpty().Min();
            var actualTo = videos.Where(v => v.ActualTo is not null).Select(v => v.ActualTo!.Value).DefaultIfEmpty().Max();
            var anyVideo = videos.Any(v => v.LocalPath is not null);
            var writer = new EvidencePackageWriter(_store, _signer);
            var files = await writer.WriteAsync(
                package,
                request.RequestId,
                mp4s => ManifestOf(job, videos, gaps, anyVideo ? new ManifestWindow(actualFrom, actualTo) : null, mp4s),
                cancellationToken).ConfigureAwait(false);
            completed = true;

            foreach (var gap in gaps)
                _logger.LogInformation("Export {Request}: camera {Camera} has no footage {From:o} - {To:o} ({Reason})", request.RequestId, gap.Camera, gap.From, gap.To, gap.Reason);
            return new ExportOutcome(files, gaps, anyVideo ? actualFrom : null, anyVideo ? actualTo : null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExportFailedException($"the export of {request.RequestId} failed reading or writing its files ({e.Message}); check free space in the store and in {_options.TempDirectory}, then retry the export", e);
        }
        catch (Exception e) when (e is not (ExportFailedException or OperationCanceledException or ArgumentException))
        {
            // The store (e.g. Azure unreachable) or ffprobe failing: the request goes to Failed with words, not a stack trace.
            throw new ExportFailedException($"the export of {request.RequestId} failed ({e.GetType().Name}: {e.Message}); retry the export, and report it if it fails again", e);
        }
        finally
        {
            if (!completed) await TryRemoveStoredPackageAsync(request.RequestId).ConfigureAwait(false);
            TryDeleteFolder(work);
        }
    }

    private EvidenceManifest ManifestOf(
        ExportJob job, List<CameraVideo> videos, List<FootageGap> gaps, ManifestWindow? actual, IReadOnlyList<ManifestFile> files)
    {
        var c = job.Case;
        return new EvidenceManifest(
            EvidenceManifest.CurrentFormat,
            c.RequestId,
            c.Site,
            c.CaseNumber,
            c.LegalBasis,
            c.Authorisation,
            new ManifestAction(c.RequestedBy, c.RequestedAt),
            new ManifestAction(c.ApprovedBy, c.ApprovedAt),
            c.Reason,
            [.. job.Cameras],
            new ManifestWindow(c.RequestedFrom, c.RequestedTo),
            actual,
            EvidencePackage.KeyframeCutPrecision,
            [.. gaps.Select(g => new ManifestGap(g.Camera, g.From, g.To, g.Reason))],
            files,
            [.. videos.Select(v => new ManifestCamera(
                v.Camera,
                v.LocalPath is null ? null : Path.GetFileName(v.LocalPath),
                v.ActualFrom,
                v.ActualTo,
                [.. v.Segments.Select(s => SegmentOf(s, job.EdgeSha256ByObject))]))],
            _time.GetUtcNow(),
            _signer.Fingerprint);
    }

    private ManifestSegment SegmentOf(FetchedSegment segment, IReadOnlyDictionary<string, string> edgeHashes)
    {
        var edge = edgeHashes.TryGetValue(segment.Source.Object, out var reported) ? reported.ToLowerInvariant() : null;
        bool? matches = edge is null ? null : edge == segment.Sha256;
        if (matches == false)
            _logger.LogWarning("Footage segment {Blob} differs from what the edge uploaded (edge {Edge}, now {Now})", segment.Source.Object, edge, segment.Sha256);
        return new ManifestSegment(segment.Source.Object, segment.Start, segment.End, segment.Source.Bytes, segment.Sha256, edge, matches);
    }

    /// <summary>A configured binary folder without ffmpeg would otherwise send FFMpegCore to whatever PATH finds.</summary>
    private void EnsureBinaries()
    {
        if (string.IsNullOrWhiteSpace(_options.FfmpegBinaryFolder)) return;
        foreach (var binary in new[] { "ffmpeg", "ffprobe" })
        {
            var path = Path.Combine(_options.FfmpegBinaryFolder, OperatingSystem.IsWindows() ? binary + ".exe" : binary);
            if (!File.Exists(path))
                throw new ExportFailedException($"{binary} is not in {_options.FfmpegBinaryFolder}: install ffmpeg there, or correct or remove Exports:FfmpegBinaryFolder (without it ffmpeg is taken from PATH), and retry the export");
        }
    }

    private static void Validate(ExportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(job.Case);
        ArgumentNullException.ThrowIfNull(job.Cameras);
        ArgumentNullException.ThrowIfNull(job.EdgeSha256ByObject);
        var c = job.Case;
        if (!Domain.Ids.IsValid(c.RequestId)) throw new ArgumentException($"'{c.RequestId}' is not a request id", nameof(job));
        if (!Domain.Ids.IsValid(c.Site)) throw new ArgumentException($"'{c.Site}' is not a site id", nameof(job));
        // A preservation order (126ni) keeps footage but never hands it over; 126nf needs the magistrate's authorisation.
        if (c.LegalBasis is not ("126nd" or "126nf")) throw new ArgumentException($"legal basis '{c.LegalBasis}' does not allow an export (only 126nd and 126nf do)", nameof(job));
        if (c.LegalBasis == "126nf" && string.IsNullOrWhiteSpace(c.Authorisation)) throw new ArgumentException("a 126nf export needs the authorisation reference of the examining magistrate", nameof(job));
        if (c.RequestedTo <= c.RequestedFrom) throw new ArgumentException($"the window ends ({c.RequestedTo:o}) before it starts ({c.RequestedFrom:o})", nameof(job));
        if (job.Cameras.Count == 0) throw new ArgumentException("an export needs at least one camera", nameof(job));
        foreach (var camera in job.Cameras)
        {
            if (!Domain.Ids.IsValid(camera)) throw new ArgumentException($"'{camera}' is not a camera id", nameof(job));
        }
        if (job.Cameras.Distinct(StringComparer.Ordinal).Count() != job.Cameras.Count) throw new ArgumentException("a camera is listed twice", nameof(job));
    }

    private async Task RemoveStoredPackageAsync(string requestId, CancellationToken ct)
    {
        var names = new List<string>();
        await foreach (var blob in _store.ListAsync(EvidencePackage.PrefixOf(requestId), ct).ConfigureAwait(false)) names.Add(blob.Name);
        foreach (var name in names) await _store.DeleteAsync(name, cancellationToken: ct).ConfigureAwait(false);
    }

    private async Task TryRemoveStoredPackageAsync(string requestId)
    {
        try
        {
            await RemoveStoredPackageAsync(requestId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BlobConflictException)
        {
            _logger.LogWarning("Export {Request}: could not remove the partial package ({Error}); the next attempt removes it", requestId, e.Message);
        }
    }

    private void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Export work folder {Folder} could not be removed ({Error}); the next attempt for the request removes it", folder, e.Message);
        }
    }
}
