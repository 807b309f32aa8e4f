using System.Diagnostics;
using CameraBeheer.Abstractions;
using CameraBeheer.Contracts.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace CameraBeheer.Ingest;

/// <summary>
/// The backend's MQTT subscriber: a persistent session at QoS 1, its own reconnect loop with backoff (MQTTnet 5 has no
/// managed client), and an acknowledgement only once a message's effect is durably stored. A message whose effect
/// could not be stored is not acknowledged: the connection is dropped so the broker redelivers it on the next session.
/// </summary>
public sealed class MqttIngestService(
    IOptions<MqttIngestOptions> options,
    EdgeMessageDecoder decoder,
    IGrainFactory grains,
    DeadLetterLog deadLetters,
    EventLog eventLog,
    IngestMetrics metrics,
    IngestReadiness readiness,
    ILogger<MqttIngestService> logger) : BackgroundService
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly SemaphoreSlim _disconnected = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
                logger.LogWarning("Cannot reach the MQTT broker ({Reason}); retrying in {Backoff} ms", e.Message, backoff.TotalMilliseconds);
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
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (!string.IsNullOrEmpty(o.UserName)) builder = builder.WithCredentials(o.UserName, o.Password ?? "");
        if (o.Tls) builder = builder.WithTlsOptions(tls => tls.UseTls());

        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(TimeSpan.FromSeconds(15));
        await _client.ConnectAsync(builder.Build(), connectTimeout.Token);
        // Subscribing again on a resumed session is harmless and covers a broker that lost the session.
        var subscription = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(EdgeTopics.SubscriptionFilter, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _client.SubscribeAsync(subscription, cancellationToken);
        logger.LogInformation("Subscribed to {Filter} at {Host}:{Port}", EdgeTopics.SubscriptionFilter, host, port);
        readiness.MarkSubscribed();
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        e.AutoAcknowledge = false;
        metrics.Received();
        var message = e.ApplicationMessage;
        try
        {
            var decoded = decoder.Decode(message.Topic, message.Payload);
            await ApplyAsync(message, decoded, stoppingToken);
            await e.AcknowledgeAsync(stoppingToken);
            metrics.Acknowledged(Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Not acknowledged: reconnecting makes the broker deliver it again from the persistent session.
            logger.LogError(ex, "Could not store the effect of a message on {Topic}; reconnecting for redelivery", Printable.Excerpt(message.Topic, 200));
            _ = _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
        }
    }

    private async Task ApplyAsync(MqttApplicationMessage message, EdgeMessage decoded, CancellationToken cancellationToken)
    {
        if (decoded is EdgeMessage.Rejected rejected)
        {
            await deadLetters.WriteAsync(message.Topic, message.Payload, rejected, cancellationToken);
            metrics.DeadLettered(rejected.Reason);
            logger.LogInformation("Dead-lettered a message on {Topic}: {Reason}: {Detail}", Printable.Excerpt(message.Topic, 200), rejected.Reason, rejected.Detail);
            return;
        }
        // The event log is written first: it is what "durably stored" means for an acknowledgement.
        if (decoded is EdgeMessage.CameraMessage cameraMessage)
            await eventLog.AppendAsync(cameraMessage.Site, cameraMessage.Camera, EventLogEntries.For(cameraMessage), cancellationToken);
        switch (decoded)
        {
            case EdgeMessage.Motion motion:
                var fresh = await grains.GetGrain<ICameraGrain>(GrainKeys.Camera(motion.Site, motion.Camera)).RecordMotionAsync(motion.Observation);
                if (fresh) metrics.Accepted(); else metrics.Duplicate();
                return;
            case EdgeMessage.Status status:
                await grains.GetGrain<ICameraGrain>(GrainKeys.Camera(status.Site, status.Camera)).RecordStatusAsync(status.Observation);
                metrics.Accepted();
                return;
            default:
                // Segment and gate events are validated and logged here; their grains come with the full hot path.
                logger.LogDebug("Accepted {Kind} on {Topic}", decoded.GetType().Name, message.Topic);
                metrics.Accepted();
                return;
        }
    }
}
