using CameraBeheer.Contracts.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Polly;

namespace CameraBeheer.Mqtt;

/// <summary>
/// One client's persistent session at the broker, shared by the edge's publisher and the backend's subscribers: MQTT 5,
/// clean start off with a session expiry, QoS 1 subscriptions made again at every connect, TLS and credentials as
/// configured, and reconnecting with backoff (<see cref="MqttPipelines.Reconnect"/>) for as long as its owner wants.
/// Acknowledgements and what to publish stay with the owner, who reaches the connection through <see cref="Client"/>.
/// </summary>
public sealed class MqttSession : IDisposable
{
    private readonly MqttSessionSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private TaskCompletionSource<MqttConnectionLost> _lost = NewLost();

    public MqttSession(MqttSessionSettings settings, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        Client.DisconnectedAsync += e =>
        {
            // Also raised when a connect fails; only the loss of a connection that was up ends WhileConnected.
            if (e.ClientWasConnected)
                _lost.TrySetResult(new MqttConnectionLost(e.Reason, e.Exception?.Message ?? e.ReasonString ?? e.Reason.ToString()));
            return Task.CompletedTask;
        };
    }

    /// <summary>The connection: handlers for received messages go on it before <see cref="RunAsync"/>; publishes go through it.</summary>
    public IMqttClient Client { get; } = new MqttClientFactory().CreateMqttClient();

    public string ClientId => _settings.ClientId;

    public bool IsConnected => Client.IsConnected;

    /// <summary>
    /// Connects (retrying with backoff), then hands the connection to <see cref="MqttSessionHandlers.WhileConnected"/>, and
    /// again after each loss, until <paramref name="stoppingToken"/> is cancelled or the owner says it is done. When
    /// <paramref name="stopReconnecting"/> is cancelled, no new connection is tried, but one that is up is still served.
    /// Returns (never throws) once stopped; the connection is left as it is, for the owner to close.
    /// </summary>
    public async Task RunAsync(MqttSessionHandlers handlers, CancellationToken stoppingToken, CancellationToken stopReconnecting = default)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var reconnect = MqttPipelines.Reconnect(_settings, _time, attempt => handlers.ConnectFailed?.Invoke(attempt));
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, stopReconnecting);
        while (!connecting.IsCancellationRequested)
        {
            try
            {
                await reconnect.ExecuteAsync(async ct => await ConnectOnceAsync(handlers, ct).ConfigureAwait(false), connecting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (connecting.IsCancellationRequested)
            {
                return;
            }

            try
            {
                if (!await handlers.WhileConnected(_lost.Task, stoppingToken).ConfigureAwait(false)) return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            if (_settings.PauseAfterLoss > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(_settings.PauseAfterLoss, _time, connecting.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (connecting.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Ends the connection normally: the broker keeps the session (and every unacknowledged message) for the next connect.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        if (Client.IsConnected)
            await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => Client.Dispose();

    private static TaskCompletionSource<MqttConnectionLost> NewLost() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task ConnectOnceAsync(MqttSessionHandlers handlers, CancellationToken cancellationToken)
    {
        _lost = NewLost();
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_settings.ConnectTimeout);
            try
            {
                // MQTTnet 5 answers a refused CONNECT (wrong user name or password) with a result, not an exception.
                var connected = await Client.ConnectAsync(BuildOptions(), timeout.Token).ConfigureAwait(false);
                if (connected.ResultCode != MqttClientConnectResultCode.Success)
                    throw new InvalidOperationException($"the broker refused the connection as '{_settings.UserName}': {connected.ResultCode} {connected.ReasonString}".TrimEnd());
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no answer within {_settings.ConnectTimeout.TotalSeconds:0} s");
            }
        }

        try
        {
            if (_settings.Subscriptions.Count > 0)
            {
                // Subscribing again on a resumed session is harmless and covers a broker that lost the session.
                var subscription = new MqttClientSubscribeOptionsBuilder();
                foreach (var filter in _settings.Subscriptions) subscription = subscription.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
                await Client.SubscribeAsync(subscription.Build(), cancellationToken).ConfigureAwait(false);
            }

            if (handlers.Connected is { } connected) await connected(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Half connected: close it, so that the next attempt starts from a clean connect.
            await CloseQuietlyAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task CloseQuietlyAsync()
    {
        try
        {
            await DisconnectAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogDebug("Closing a half-made MQTT connection failed ({Reason})", e.Message);
        }
    }

    private MqttClientOptions BuildOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_settings.Host, _settings.Port)
            .WithStreamProvider(BrokerStreamProvider.Instance)
            .WithClientId(_settings.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(_settings.SessionExpirySeconds)
            .WithKeepAlivePeriod(_settings.KeepAlive)
            .WithTimeout(_settings.Timeout);
        if (_settings.ReceiveMaximum > 0) builder = builder.WithReceiveMaximum(_settings.ReceiveMaximum);
        if (_settings.Will?.Invoke() is { } will)
        {
            builder = builder.WithWillTopic(will.Topic)
                .WithWillPayload(will.Payload)
                .WithWillRetain(will.Retain)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        }

        if (!string.IsNullOrEmpty(_settings.UserName)) builder = builder.WithCredentials(_settings.UserName, _settings.Password?.Invoke() ?? "");
        if (_settings.Tls)
        {
            // Read at every connect: a renewed CA file is taken without a restart. Without one, the system's CAs decide.
            var trust = string.IsNullOrWhiteSpace(_settings.CaFile) ? null : CertificateAuthorityTrust.FromFile(_settings.CaFile, _settings.CaFileSetting);
            builder = builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(_settings.Host);
                if (trust is not null) tls.WithCertificateValidationHandler(e => trust.IsTrusted(e.Certificate, e.SslPolicyErrors));
            });
        }

        return builder.Build();
    }
}
