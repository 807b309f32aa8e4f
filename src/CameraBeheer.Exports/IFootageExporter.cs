namespace CameraBeheer.Exports;

/// <summary>Cuts the footage of an approved request into one MP4 per camera and stores the signed evidence package.</summary>
public interface IFootageExporter
{
    /// <summary>
    /// Exports <paramref name="job"/> to <c>exports/{RequestId}/</c>. Idempotent: first removes whatever an earlier,
    /// interrupted attempt left there, then exports again. The package is complete when the task completes.
    /// </summary>
    /// <exception cref="ExportFailedException">The package cannot be produced; the message says why in words a user can act on.</exception>
    Task<ExportOutcome> ExportAsync(ExportJob job, IProgress<CameraExportProgress>? progress, CancellationToken cancellationToken);
}
