using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.Tls;
using CameraBeheer.Domain.Sites;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace CameraBeheer.Ingest;

/// <summary>
/// The backend's MQTT subscriber to an external broker (Mosquitto; the embedded broker takes messages in itself): a persistent session at QoS 1, its own reconnect loop with backoff (MQTTnet 5 has no
/// managed client), and an acknowledgement only once a message's effect is durably stored (see <see cref="IngestBatcher"/>).
/// A message whose effect could not be stored is not acknowledged: the connection is dropped so the broker redelivers it.
/// </summary>
public sealed class MqttIngestService(
    IOptions<MqttIngestOptions> options,
    EdgeIngest ingest,
    IngestReadiness readiness,
    SiteConfiguration site,
    ILogger<MqttIngestService> logger) : BackgroundService
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly SemaphoreSlim _disconnected = new(0);
    private int _redeliveryRequested;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.UsesEmbeddedBroker) return;
        _client.ApplicationMessageReceivedAsync += e => OnMessageAsync(e, stoppingToken);
        _client.DisconnectedAsync += _ =>
        {
            readiness.MarkDisconnected();
            _disconnected.Release();
            return Task.CompletedTask;
        };
        var backoff = MinBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ConnectAndSubscribeAsync(stoppingToken);
                backoff = MinBackoff;
                await _disconnected.WaitAsync(stoppingToken);
                logger.LogWarning("Disconnected from the MQTT broker; reconnecting");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning("Cannot reach the MQTT broker ({Reason}); retrying in {Backoff} ms", Printable.Excerpt(e.Message, 300), backoff.TotalMilliseconds);
                await Task.Delay(backoff, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_client.IsConnected)
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
        _client.Dispose();
    }

    private async Task ConnectAndSubscribeAsync(CancellationToken cancellationToken)
    {
        // Drain stale disconnect signals from earlier attempts.
        while (_disconnected.CurrentCount > 0) await _disconnected.WaitAsync(cancellationToken);

        var o = options.Value;
        var (host, port) = o.BrokerEndpoint();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(o.ClientId ?? "camerabeheer-backend")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(o.SessionExpirySeconds)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10))
            // Many unacknowledged messages in flight: the batcher acknowledges a round at a time.
            .WithReceiveMaximum(ushort.MaxValue);
        if (!string.IsNullOrEmpty(o.UserName)) builder = builder.WithCredentials(o.UserName, o.ReadPassword() ?? "");
        if (o.Tls)
        {
            // Read at every connect: a renewed CA file is taken without a restart. Without one, the system's CAs decide.
            var trust = string.IsNullOrWhiteSpace(o.CaFile) ? null : CertificateAuthorityTrust.FromFile(o.CaFile, "Mqtt:CaFile");
            builder = builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(host);
                if (trust is not null) tls.WithCertificateValidationHandler(e => trust.IsTrusted(e.Certificate, e.SslPolicyErrors));
            });
        }

        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(TimeSpan.FromSeconds(15));
        // MQTTnet 5 answers a refused CONNECT (wrong user name or password) with a result, not an exception.
        var connected = await _client.ConnectAsync(builder.Build(), connectTimeout.Token);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
            throw new InvalidOperationException($"the broker refused the connection as '{o.UserName}': {connected.ResultCode} {connected.ReasonString}".TrimEnd());
        // Subscribing again on a resumed session is harmless and covers a broker that lost the session.
        var subscription = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(EdgeTopics.SubscriptionFilter, MqttQualityOfServiceLevel.AtLeastOnce)
            // The agents' own status and will: how the backend learns that an agent (and so its cameras) is gone.
            .WithTopicFilter(EdgeTopics.AgentStatus(site.Site.Id, "+"), MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _client.SubscribeAsync(subscription, cancellationToken);
        logger.LogInformation("Subscribed to {Filter} and {AgentFilter} at {Host}:{Port}", EdgeTopics.SubscriptionFilter, EdgeTopics.AgentStatus(site.Site.Id, "+"), host, port);
        Interlocked.Exchange(ref _redeliveryRequested, 0);
        readiness.MarkSubscribed();
    }

    /// <summary>
    /// Queues the message for the next storing round and returns, so the client takes the next message while earlier ones
    /// are being written; the batcher acknowledges it once its effect is stored.
    /// </summary>
    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e, CancellationToken stoppingToken)
    {
        e.AutoAcknowledge = false;
        await ingest.AcceptAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload, () => e.AcknowledgeAsync(stoppingToken), RequestRedelivery, stoppingToken);
    }

    /// <summary>
    /// Dropping the connection makes the broker deliver every unacknowledged message again from the persistent session;
    /// a failed round asks once per message, so only the first request while connected does anything.
    /// </summary>
    private void RequestRedelivery()
    {
        if (Interlocked.Exchange(ref _redeliveryRequested, 1) == 1 || !_client.IsConnected) return;
        _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None)
            .ContinueWith(t => logger.LogDebug(t.Exception, "Disconnecting for redelivery failed"), TaskContinuationOptions.OnlyOnFaulted);
    }
}
