using CameraBeheer.Contracts.Text;
using CameraBeheer.Mqtt;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace CameraBeheer.Ingest;

/// <summary>
/// One connection of the backend to an external broker under one client id: the shared <see cref="MqttSession"/>
/// (persistent session, session expiry from <see cref="MqttIngestOptions.SessionExpirySeconds"/>, reconnect with backoff)
/// with QoS 1 shared subscriptions and acknowledgements left to the caller. A silo's own sessions reconnect for as long
/// as it runs; an adopted session of a dead silo (<see cref="DeadSiloSessions"/>) ends when its owner takes it over, so
/// the two never fight over one client id.
/// </summary>
internal sealed class BrokerSession : IDisposable
{
    private readonly IReadOnlyList<string> _filters;
    private readonly ILogger _logger;
    private readonly bool _givesWayToOwner;
    private readonly Action? _onSubscribed;
    private readonly MqttSession _session;
    private readonly string _host;
    private readonly int _port;
    private int _redeliveryRequested;

    public BrokerSession(
        string clientId,
        IReadOnlyList<string> filters,
        MqttIngestOptions options,
        Func<BrokerSession, MqttApplicationMessageReceivedEventArgs, Task> onMessage,
        ILogger logger,
        bool givesWayToOwner = false,
        ushort receiveMaximum = 0,
        Action? onSubscribed = null,
        Action? onDisconnected = null)
    {
        _filters = filters;
        _logger = logger;
        _givesWayToOwner = givesWayToOwner;
        _onSubscribed = onSubscribed;
        var (host, port) = options.BrokerEndpoint();
        (_host, _port) = (host, port);
        _session = new MqttSession(new MqttSessionSettings
        {
            Host = host,
            Port = port,
            ClientId = clientId,
            UserName = options.UserName,
            Password = options.ReadPassword,
            Tls = options.Tls,
            CaFile = options.CaFile,
            CaFileSetting = "Mqtt:CaFile",
            SessionExpirySeconds = options.SessionExpirySeconds,
            // Many unacknowledged messages in flight: the batcher acknowledges a round at a time.
            ReceiveMaximum = receiveMaximum,
            Subscriptions = [.. filters.Select(SharedSubscriptions.Of)],
        }, logger);
        _session.Client.ApplicationMessageReceivedAsync += e => onMessage(this, e);
        _session.Client.DisconnectedAsync += _ =>
        {
            onDisconnected?.Invoke();
            return Task.CompletedTask;
        };
    }

    public string ClientId => _session.ClientId;

    public bool IsConnected => _session.IsConnected;

    /// <summary>
    /// Connects, subscribes and reconnects until <paramref name="stoppingToken"/> is cancelled, or (for an adopted
    /// session) until the broker says another connection took the session over; returns true in that case.
    /// </summary>
    public async Task<bool> RunAsync(CancellationToken stoppingToken)
    {
        var gaveWay = false;
        try
        {
            await _session.RunAsync(new MqttSessionHandlers
            {
                Connected = UnsubscribeRetiredAsync,
                ConnectFailed = attempt => _logger.LogWarning("Cannot reach the MQTT broker as {ClientId} ({Reason}); retrying in {Backoff} ms",
                    ClientId, Printable.Excerpt(attempt.Error.Message, 300), Math.Round(attempt.RetryIn.TotalMilliseconds)),
                WhileConnected = async (lost, ct) =>
                {
                    var why = await lost.WaitAsync(ct);
                    if (why.TakenOver && _givesWayToOwner)
                    {
                        _logger.LogInformation("MQTT session {ClientId} was taken over by its owner; this silo lets it go", ClientId);
                        gaveWay = true;
                        return false;
                    }
                    _logger.LogWarning("Disconnected from the MQTT broker as {ClientId}{Why}; reconnecting", ClientId, why.TakenOver ? " (another connection took the session over)" : "");
                    return true;
                },
            }, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        return gaveWay;
    }

    /// <summary>Ends the connection normally: the broker keeps the session (and every unacknowledged message) for its owner.</summary>
    public Task DisconnectAsync() => _session.DisconnectAsync(CancellationToken.None);

    /// <summary>
    /// Dropping the connection makes the broker deliver every unacknowledged message again from the persistent session;
    /// a failed round asks once per message, so only the first request while connected does anything.
    /// </summary>
    public void RequestRedelivery()
    {
        if (Interlocked.Exchange(ref _redeliveryRequested, 1) == 1 || !_session.IsConnected) return;
        _session.DisconnectAsync(CancellationToken.None)
            .ContinueWith(t => _logger.LogDebug(t.Exception, "Disconnecting for redelivery failed"), TaskContinuationOptions.OnlyOnFaulted);
    }

    public void Dispose() => _session.Dispose();

    /// <summary>
    /// A session from before the cluster (or from a single node) may still hold the plain subscriptions: with them beside
    /// the shared ones this session would get every message twice over, and other silos' messages too.
    /// </summary>
    private async Task UnsubscribeRetiredAsync(CancellationToken cancellationToken)
    {
        var retired = new MqttClientUnsubscribeOptionsBuilder();
        foreach (var filter in _filters) retired = retired.WithTopicFilter(filter);
        await _session.Client.UnsubscribeAsync(retired.Build(), cancellationToken);
        _logger.LogInformation("Subscribed to {Filters} at {Host}:{Port} as {ClientId}",
            string.Join(" and ", _filters.Select(SharedSubscriptions.Of)), _host, _port, ClientId);
        Interlocked.Exchange(ref _redeliveryRequested, 0);
        _onSubscribed?.Invoke();
    }
}
