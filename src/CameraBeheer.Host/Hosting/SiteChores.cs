using CameraBeheer.Grains;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// What the site clock sets going, done on the silo that holds the clock: the wake-ups and request checks at each
/// minute tick, the retention sweep at each retention tick.
/// </summary>
public sealed class SiteChores(
    ControlRoomWakeUp controlRoom,
    OwedAlertsWakeUp owed,
    DeskWakeUp desk,
    FootageRequestChecks requests,
    RetentionSweepService retention,
    IHostApplicationLifetime lifetime) : ISiteChores
{
    public async Task WakeUpAsync(string site, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        // The control room first: an alert owed by a camera is raised into it, and its escalation is the most urgent.
        await controlRoom.WakeAsync(linked.Token);
        await owed.WakeAsync(linked.Token);
        await desk.WakeAsync(linked.Token);
        await requests.RunAsync();
    }

    public async Task SweepAsync(string site, DateTimeOffset tick, string silo, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await retention.SweepForClockAsync(tick, silo, linked.Token);
    }
}
