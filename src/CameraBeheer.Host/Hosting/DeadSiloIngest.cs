using CameraBeheer.Ingest;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Follows the cluster's membership and keeps <see cref="DeadSiloSessions"/> holding the broker sessions this silo
/// should adopt (<see cref="DeadSiloAdoption"/>): a silo declared dead leaves unacknowledged messages in its Mosquitto
/// session that the broker gives to nobody else; the oldest survivor takes them in, and gives the session back when
/// the silo is active again.
/// </summary>
public sealed class DeadSiloIngest(IClusterMembershipService membership, ILocalSiloDetails self, DeadSiloSessions sessions, ILogger<DeadSiloIngest> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                try
                {
                    await sessions.HoldAsync(DeadSiloAdoption.SessionsToHold(snapshot.Members.Values, self.SiloAddress));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Could not adopt or give back the MQTT sessions of dead silos; the next membership change tries again");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Before the storing loop stops: what the adopted sessions hold unacknowledged stays with the broker.
        await sessions.DisposeAsync();
    }
}
