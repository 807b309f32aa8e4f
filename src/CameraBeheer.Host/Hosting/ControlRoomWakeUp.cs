using CameraBeheer.Abstractions;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Activates the site's control room at start-up: its escalation timer runs only while it is active, and open alerts
/// from before a restart must go on escalating without waiting for someone to look at them.
/// </summary>
public sealed class ControlRoomWakeUp(SiteConfiguration site, IGrainFactory grains, ILogger<ControlRoomWakeUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var open = await grains.GetGrain<IControlRoomGrain>(site.Site.Id).ListAsync(AlertFilter.Open).WaitAsync(stoppingToken);
            if (open.Length > 0) logger.LogInformation("{Count} alerts are open in the control room", open.Length);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not activate the control room at start-up; it activates on its first call");
        }
    }
}
