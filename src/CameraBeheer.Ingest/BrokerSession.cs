using CameraBeheer.Contracts.Text;
using CameraBeheer.Contracts.Tls;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace CameraBeheer.Ingest;

/// <summary>
/// One connection of the backend to an external broker under one client id: a persistent session (clean start off,
/// session expiry from <see cref="MqttIngestOptions.SessionExpirySeconds"/>), QoS 1 subscriptions, acknowledgements left
/// to the caller, and its own reconnect loop with backoff (MQTTnet 5 has no managed client; a Polly pipeline would add
/// nothing to one loop). A silo's own sessions reconnect for as long as it runs; an adopted session of a dead silo
/// (<see cref="DeadSiloSessions"/>) ends when its owner takes it over, so the two never fight over one client id.
/// </summary>
internal sealed class BrokerSession(
    string clientId,
    IReadOnlyList<string> filters,
    MqttIngestOptions options,
    Func<BrokerSession, MqttApplicationMessageReceivedEventArgs, Task> onMessage,
    ILogger logger,
    bool givesWayToOwner = false,
    ushort receiveMaximum = 0,
    Action? onSubscribed = null,
    Action? onDisconnected = null) : IDisposable
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly SemaphoreSlim _disconnected = new(0);
    private volatile bool _takenOver;
    private int _redeliveryRequested;

    public string ClientId => clientId;

    public bool IsConnected => _client.IsConnected;

    /// <summary>
    /// Connects, subscribes and reconnects until <paramref name="stoppingToken"/> is cancelled, or (for an adopted
    /// session) until the broker says another connection took the session over; returns true in that case.
    /// </summary>
    public async Task<bool> RunAsync(CancellationToken stoppingToken)
    {
        _client.ApplicationMessageReceivedAsync += e => onMessage(this, e);
        _client.DisconnectedAsync += e =>
        {
            // Mosquitto tells the old connection why it is closed (MQTT 5 reason 0x8E) when a client with the same id connects.
            if (e.Reason == MqttClientDisconnectReason.SessionTakenOver) _takenOver = true;
            onDisconnected?.Invoke();
            _disconnected.Release();
            return Task.CompletedTask;
        };
        var backoff = MinBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (_disconnected.CurrentCount > 0) await _disconnected.WaitAsync(stoppingToken);
                await ConnectAndSubscribeAsync(stoppingToken);
                backoff = MinBackoff;
                await _disconnected.WaitAsync(stoppingToken);
                if (_takenOver && givesWayToOwner)
                {
                    logger.LogInformation("MQTT session {ClientId} was taken over by its owner; this silo lets it go", clientId);
                    return true;
                }
                logger.LogWarning("Disconnected from the MQTT broker as {ClientId}{Why}; reconnecting", clientId, _takenOver ? " (another connection took the session over)" : "");
                _takenOver = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning("Cannot reach the MQTT broker as {ClientId} ({Reason}); retrying in {Backoff} ms", clientId, Printable.Excerpt(e.Message, 300), backoff.TotalMilliseconds);
                await Task.Delay(backoff, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
        return false;
    }

    /// <summary>Ends the connection normally: the broker keeps the session (and every unacknowledged message) for its owner.</summary>
    public async Task DisconnectAsync()
    {
        if (_client.IsConnected)
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
    }

    /// <summary>
    /// Dropping the connection makes the broker deliver every unacknowledged message again from the persistent session;
    /// a failed round asks once per message, so only the first request while connected does anything.
    /// </summary>
    public void RequestRedelivery()
    {
        if (Interlocked.Exchange(ref _redeliveryRequested, 1) == 1 || !_client.IsConnected) return;
        _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None)
            .ContinueWith(t => logger.LogDebug(t.Exception, "Disconnecting for redelivery failed"), TaskContinuationOptions.OnlyOnFaulted);
    }

    public void Dispose() => _client.Dispose();

    private async Task ConnectAndSubscribeAsync(CancellationToken cancellationToken)
    {
        var (host, port) = options.BrokerEndpoint();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(options.SessionExpirySeconds)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10));
        // Many unacknowledged messages in flight: the batcher acknowledges a round at a time.
        if (receiveMaximum > 0) builder = builder.WithReceiveMaximum(receiveMaximum);
        if (!string.IsNullOrEmpty(options.UserName)) builder = builder.WithCredentials(options.UserName, options.ReadPassword() ?? "");
        if (options.Tls)
        {
            // Read at every connect: a renewed CA file is taken without a restart. Without one, the system's CAs decide.
            var trust = string.IsNullOrWhiteSpace(options.CaFile) ? null : CertificateAuthorityTrust.FromFile(options.CaFile, "Mqtt:CaFile");
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
            throw new InvalidOperationException($"the broker refused the connection as '{options.UserName}': {connected.ResultCode} {connected.ReasonString}".TrimEnd());
        // Subscribing again on a resumed session is harmless and covers a broker that lost the session.
        var subscription = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters) subscription = subscription.WithTopicFilter(SharedSubscriptions.Of(filter), MqttQualityOfServiceLevel.AtLeastOnce);
        await _client.SubscribeAsync(subscription.Build(), cancellationToken);
        // A session from before the cluster (or from a single node) may still hold the plain subscriptions: with them
        // beside the shared ones this session would get every message twice over, and other silos' messages too.
        var retired = new MqttClientUnsubscribeOptionsBuilder();
        foreach (var filter in filters) retired = retired.WithTopicFilter(filter);
        await _client.UnsubscribeAsync(retired.Build(), cancellationToken);
        logger.LogInformation("Subscribed to {Filters} at {Host}:{Port} as {ClientId}",
            string.Join(" and ", filters.Select(SharedSubscriptions.Of)), host, port, clientId);
        Interlocked.Exchange(ref _redeliveryRequested, 0);
        onSubscribed?.Invoke();
    }
}
