namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Activates the desk's grains (at start and at each tick of the site clock): their deadline timers (overdue guests,
/// time-outs at the end of the day, unacknowledged police notifications, report feedback) run only while they are
/// active, and must not wait for a call, also after the silo that held them was lost.
/// </summary>
public sealed class DeskWakeUp(SiteConfiguration site, IGrainFactory grains, ILogger<DeskWakeUp> logger)
{
    public async Task WakeAsync(CancellationToken stoppingToken)
    {
        try
        {
            var id = site.Site.Id;
            await Task.WhenAll(
                grains.GetGrain<IGuestRegisterGrain>(id).OnSiteAsync(),
                grains.GetGrain<ITimeOutGrain>(id).ListAsync(includeEnded: false),
                grains.GetGrain<IReportsGrain>(id).ListAsync(includeAnswered: false)).WaitAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not activate the desk; its grains are woken again at the next tick of the site clock");
        }
    }
}
