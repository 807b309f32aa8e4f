namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Activates the site's control room (at start and at each tick of the site clock): its escalation timer runs only while
/// it is active, and open alerts from before a restart, or raised on a silo since lost, must go on escalating without
/// waiting for someone to look at them.
/// </summary>
public sealed class ControlRoomWakeUp(SiteConfiguration site, IGrainFactory grains, ILogger<ControlRoomWakeUp> logger)
{
    public async Task WakeAsync(CancellationToken stoppingToken)
    {
        try
        {
            var open = await grains.GetGrain<IControlRoomGrain>(site.Site.Id).ListAsync(AlertFilter.Open).WaitAsync(stoppingToken);
            if (open.Length > 0) logger.LogDebug("{Count} alerts are open in the control room", open.Length);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not activate the control room; it is woken again at the next tick of the site clock");
        }
    }
}
