using CameraBeheer.Contracts.Tls;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace CameraBeheer.Ingest;

/// <summary>
/// Behind Mosquitto: subscribes to the edge agents' receipts (<c>camerabeheer/edge/+/+/receipt</c>, QoS 1, persistent
/// session) on a connection of its own, so that the event ingest's session and ordering are untouched, and acknowledges
/// a receipt only once it is stored. With the embedded broker, the broker hands receipts to <see cref="EdgeReceiptIntake"/> itself.
/// </summary>
public sealed class EdgeReceiptSubscriber(
    IOptions<MqttIngestOptions> options,
    EdgeReceiptIntake intake,
    ILogger<EdgeReceiptSubscriber> logger) : BackgroundService
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly SemaphoreSlim _disconnected = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.UsesEmbeddedBroker) return;
        _client.ApplicationMessageReceivedAsync += e => OnReceiptAsync(e, stoppingToken);
        _client.DisconnectedAsync += _ =>
        {
            _disconnected.Release();
            return Task.CompletedTask;
        };
        // Hand-rolled like MqttIngestService's: MQTTnet 5 has no managed client, and a Polly pipeline would add nothing to one loop.
        var backoff = MinBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (_disconnected.CurrentCount > 0) await _disconnected.WaitAsync(stoppingToken);
                await ConnectAsync(stoppingToken);
                backoff = MinBackoff;
                await _disconnected.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning("Edge receipts: cannot reach the MQTT broker ({Reason}); retrying in {Backoff} ms", Printable.Excerpt(e.Message, 300), backoff.TotalMilliseconds);
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

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var (host, port) = o.BrokerEndpoint();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId((o.ClientId ?? "camerabeheer-backend") + "-receipts")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(o.SessionExpirySeconds)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (!string.IsNullOrEmpty(o.UserName)) builder = builder.WithCredentials(o.UserName, o.ReadPassword() ?? "");
        if (o.Tls)
        {
            var trust = string.IsNullOrWhiteSpace(o.CaFile) ? null : CertificateAuthorityTrust.FromFile(o.CaFile, "Mqtt:CaFile");
            builder = builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(host);
                if (trust is not null) tls.WithCertificateValidationHandler(e => trust.IsTrusted(e.Certificate, e.SslPolicyErrors));
            });
        }

        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(TimeSpan.FromSeconds(15));
        var connected = await _client.ConnectAsync(builder.Build(), connectTimeout.Token);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
            throw new InvalidOperationException($"the broker refused the connection as '{o.UserName}': {connected.ResultCode} {connected.ReasonString}".TrimEnd());
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(EdgeReceiptIntake.SubscriptionFilter, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), cancellationToken);
        logger.LogInformation("Subscribed to {Filter} at {Host}:{Port}", EdgeReceiptIntake.SubscriptionFilter, host, port);
    }

    private async Task OnReceiptAsync(MqttApplicationMessageReceivedEventArgs e, CancellationToken stoppingToken)
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
            _ = _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None)
                .ContinueWith(t => logger.LogDebug(t.Exception, "Disconnecting for redelivery failed"), TaskContinuationOptions.OnlyOnFaulted);
        }
    }
}
