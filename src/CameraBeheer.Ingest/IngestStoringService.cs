using Microsoft.Extensions.Hosting;

namespace CameraBeheer.Ingest;

/// <summary>Runs the batcher's storing loop for as long as the backend runs.</summary>
public sealed class IngestStoringService(IngestBatcher batcher) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await batcher.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not stored was not acknowledged, and comes again.
        }
    }
}
