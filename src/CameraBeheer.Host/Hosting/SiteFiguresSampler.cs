namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Asks the grains for the site's figures (<see cref="SiteFigures"/>) every <c>Metrics:SampleInterval</c> (default 15 s,
/// Prometheus' usual scrape interval), the same calls <c>camerabeheer status</c> and the alert list make. A failed
/// sample keeps the last one and is tried again at the next tick.
/// </summary>
public sealed partial class SiteFiguresSampler(
    SiteConfiguration site, IGrainFactory grains, SiteFigures figures, TimeProvider time, IConfiguration configuration, ILogger<SiteFiguresSampler> logger)
    : BackgroundService
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Metrics:SampleInterval", DefaultInterval);
        if (interval <= TimeSpan.Zero) throw new ArgumentException($"Metrics:SampleInterval '{interval}' must be more than zero (e.g. 00:00:15)");
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                try
                {
                    await SampleAsync().WaitAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogSampleFailed(logger, e, interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task SampleAsync()
    {
        var siteId = site.Site.Id;
        var cameras = await Task.WhenAll(site.Cameras.Select(c => grains.GetGrain<ICameraGrain>(GrainKeys.Camera(siteId, c.Id)).GetSnapshotAsync()));
        var open = await grains.GetGrain<IControlRoomGrain>(siteId).ListAsync(AlertFilter.Open);
        figures.Record(time.GetUtcNow(), cameras.Count(c => c.Status == CameraStatus.Online), open);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sampling the site's figures for the metrics failed; the last sample stays until the next try in {Interval}")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception, TimeSpan interval);
}
