using CameraBeheer.Contracts.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;

namespace CameraBeheer.Ingest;

/// <summary>
/// Behind Mosquitto: subscribes to the edge agents' receipts (<c>camerabeheer/edge/+/+/receipt</c>, shared, QoS 1,
/// persistent session) on a connection of its own, so that the event ingest's session and ordering are untouched, and
/// acknowledges a receipt only once it is stored. With the embedded broker, the broker hands receipts to
/// <see cref="EdgeReceiptIntake"/> itself.
/// </summary>
public sealed class EdgeReceiptSubscriber(
    IOptions<MqttIngestOptions> options,
    EdgeReceiptIntake intake,
    ILogger<EdgeReceiptSubscriber> logger) : BrokerSubscriber(options)
{
    private protected override BrokerSession OwnSession(MqttIngestOptions o, CancellationToken stoppingToken) =>
        Session(IngestClientIds.Receipts(o, o.SiloName), o, intake, logger, stoppingToken, givesWayToOwner: false);

    /// <summary>A receipts session under <paramref name="clientId"/>: this silo's own, or a dead silo's it adopted.</summary>
    internal static BrokerSession Session(string clientId, MqttIngestOptions o, EdgeReceiptIntake intake, ILogger logger, CancellationToken stoppingToken, bool givesWayToOwner) =>
        new(clientId, [EdgeReceiptIntake.SubscriptionFilter], o, (session, e) => OnReceiptAsync(session, e, intake, logger, stoppingToken), logger, givesWayToOwner);

    private static async Task OnReceiptAsync(BrokerSession session, MqttApplicationMessageReceivedEventArgs e, EdgeReceiptIntake intake, ILogger logger, CancellationToken stoppingToken)
    {
        e.AutoAcknowledge = false;
        try
        {
            // A refused receipt is acknowledged too: sending it again would not mend it.
            await intake.TakeInAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload, stoppingToken);
            await e.AcknowledgeAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Edge receipt on {Topic} not stored ({Reason}); reconnecting so the broker delivers it again",
                Printable.Excerpt(e.ApplicationMessage.Topic, 200), Printable.Excerpt(ex.Message, 300));
            session.RequestRedelivery();
        }
    }
}
