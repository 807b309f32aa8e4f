using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Domain.Sites;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;

namespace CameraBeheer.Ingest;

/// <summary>
/// The backend's MQTT subscriber to an external broker (Mosquitto; the embedded broker takes messages in itself): a
/// persistent session at QoS 1 with a shared subscription (<see cref="SharedSubscriptions"/>), reconnecting through the
/// shared MQTT session (<see cref="BrokerSession"/>), and an acknowledgement only once a message's effect is durably
/// stored (see <see cref="IngestBatcher"/>). A message whose effect could not be stored is not acknowledged: the connection is
/// dropped so the broker redelivers it.
/// </summary>
public sealed class MqttIngestService(
    IOptions<MqttIngestOptions> options,
    EdgeIngest ingest,
    IngestReadiness readiness,
    SiteConfiguration site,
    ILogger<MqttIngestService> logger) : BrokerSubscriber(options)
{

    /// <summary>What the event ingest subscribes to (each in its shared form): contract v1 and the agents' own status and will.</summary>
    public static IReadOnlyList<string> Filters(string site) => [EdgeTopics.SubscriptionFilter, EdgeTopics.AgentStatus(site, "+")];

    private protected override BrokerSession OwnSession(MqttIngestOptions o, CancellationToken stoppingToken) =>
        Session(IngestClientIds.Events(o, o.SiloName), o, ingest, site, logger, stoppingToken, givesWayToOwner: false,
            onSubscribed: readiness.MarkSubscribed, onDisconnected: readiness.MarkDisconnected);

    /// <summary>An event-ingest session under <paramref name="clientId"/>: this silo's own, or a dead silo's it adopted.</summary>
    internal static BrokerSession Session(string clientId, MqttIngestOptions o, EdgeIngest ingest, SiteConfiguration site, ILogger logger,
        CancellationToken stoppingToken, bool givesWayToOwner, Action? onSubscribed = null, Action? onDisconnected = null) =>
        new(clientId, Filters(site.Site.Id), o, (session, e) => OnMessageAsync(session, e, ingest, stoppingToken), logger,
            givesWayToOwner, receiveMaximum: ushort.MaxValue, onSubscribed, onDisconnected);

    /// <summary>
    /// Queues the message for the next storing round and returns, so the client takes the next message while earlier ones
    /// are being written; the batcher acknowledges it once its effect is stored.
    /// </summary>
    private static async Task OnMessageAsync(BrokerSession session, MqttApplicationMessageReceivedEventArgs e, EdgeIngest ingest, CancellationToken stoppingToken)
    {
        e.AutoAcknowledge = false;
        await ingest.AcceptAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload, () => e.AcknowledgeAsync(stoppingToken), session.RequestRedelivery, stoppingToken);
    }
}
