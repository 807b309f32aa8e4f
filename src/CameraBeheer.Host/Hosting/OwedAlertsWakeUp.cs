namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Activates the site's cameras, gates and zones (at start and at each tick of the site clock): what they still owed when the backend stopped (zone
/// changes, alerts of events already acknowledged) is delivered on activation, and a zone's loitering timers run only
/// while it is active. Without this a crash's owed alert would wait for the next event of that camera or gate.
/// </summary>
/// <remarks>After the loss of a silo its cameras' offline checks, gates' held-open checks and zones' loitering timers
/// run again on a survivor from the next tick on.</remarks>
public sealed partial class OwedAlertsWakeUp(SiteConfiguration site, IGrainFactory grains, ILogger<OwedAlertsWakeUp> logger)
{
    public async Task WakeAsync(CancellationToken stoppingToken)
    {
        var id = site.Site.Id;
        // Cameras before zones: a zone rebuilds its active feeds from its cameras, which replay their logs first.
        var wakes = new List<(string Kind, string Id, Func<Task> Wake)>();
        wakes.AddRange(site.Cameras.Select(c => ("camera", c.Id, (Func<Task>)(() => grains.GetGrain<ICameraGrain>(GrainKeys.Camera(id, c.Id)).GetMotionNowAsync()))));
        wakes.AddRange(site.Gates.Select(g => ("gate", g.Id, (Func<Task>)(() => grains.GetGrain<IGateGrain>(GrainKeys.Gate(id, g.Id)).GetSnapshotAsync()))));
        wakes.AddRange(site.Zones.Select(z => ("zone", z.Id, (Func<Task>)(() => grains.GetGrain<IZoneGrain>(GrainKeys.Zone(id, z.Id)).GetSnapshotAsync()))));
        foreach (var (kind, name, wake) in wakes)
        {
            try
            {
                await wake().WaitAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWakeFailed(logger, e, kind, name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not activate {Kind} {Id}; it is woken again at the next tick of the site clock")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, string kind, string id);
}
