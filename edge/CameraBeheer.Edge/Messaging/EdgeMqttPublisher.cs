using System.Buffers;
using System.Text.Json;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.Text;
using CameraBeheer.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace CameraBeheer.Edge.Messaging;

/// <summary>
/// Sends what the <see cref="EdgeOutbox"/> holds to the MQTT broker at QoS 1 and completes each event once the broker
/// acknowledged it. The connection is the shared <see cref="MqttSession"/> (persistent session, reconnect with backoff);
/// while the broker is unreachable events simply wait in the outbox, and after reconnecting they go out in order (per
/// camera or gate).
/// </summary>
/// <remarks>
/// <para>One connection per agent, with a persistent session (clean start off, session expiry &gt; 0). An MQTT will
/// belongs to a connection, so one connection cannot leave an offline status per camera behind. The will is therefore
/// the agent's own status (<see cref="EdgeTopics.AgentStatus"/>, retained, <c>offline</c>), and each camera's contract-v1
/// status is published explicitly (retained) through the outbox by whoever knows it: the recorder reports online when
/// ffmpeg runs and offline when it dies or the agent stops.</para>
/// <para>A broker that refuses an event (a PUBACK with an error code, e.g. not authorized) holds up that event's camera
/// only, which waits <see cref="MqttPipelines.RejectedPublishDelay"/> in the outbox; every other camera and gate goes on.</para>
/// </remarks>
public sealed class EdgeMqttPublisher : BackgroundService
{
    private static readonly TimeSpan FinalPublishTimeout = TimeSpan.FromSeconds(2);

    private readonly EdgeMqttOptions _options;
    private readonly EdgeOutbox _outbox;
    private readonly EdgeHealth? _health;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly MqttSession _session;
    private readonly TaskCompletionSource _drain = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopReconnecting = new();
    private readonly CancellationTokenSource _abort = new();
    private volatile bool _connected;
    private long _connections;
    private DateTimeOffset? _unreachableSince;

    public EdgeMqttPublisher(EdgeMqttOptions options, EdgeOutbox outbox, EdgeHealth? health = null, ILogger<EdgeMqttPublisher>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxInFlight, 1);
        _options = options;
        _outbox = outbox;
        _health = health;
        _logger = logger ?? NullLogger<EdgeMqttPublisher>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _session = new MqttSession(new MqttSessionSettings
        {
            Host = options.Host,
            Port = options.Port,
            ClientId = options.EffectiveClientId,
            UserName = options.UserName,
            Password = () => options.Password,
            Tls = options.Tls,
            CaFile = options.CaFile,
            CaFileSetting = "Edge:Mqtt:CaFile",
            SessionExpirySeconds = options.SessionExpirySeconds,
            KeepAlive = options.KeepAlive,
            // How long a publish waits for its PUBACK; the backend acknowledges after storing, so allow it time.
            Timeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = options.ConnectTimeout,
            Will = () => new MqttWill(StatusTopic, AgentStatusBytes(AgentStatusPayload.Offline), Retain: true),
            MinBackoff = options.MinBackoff,
            MaxBackoff = options.MaxBackoff,
            // A second agent with the same client id takes the session away at once: do not fight it at network speed.
            PauseAfterLoss = options.MinBackoff,
        }, _logger, _time);
    }

    /// <summary>Whether a connection to the broker is up now.</summary>
    public bool IsConnected => _connected;

    /// <summary>How many connections were made so far.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    private string Endpoint => $"{_options.Host}:{_options.Port}";

    private string StatusTopic => EdgeTopics.AgentStatus(_options.Site, _options.Agent);

    /// <summary>Sends what is queued for up to <see cref="EdgeMqttOptions.DrainOnStop"/>, publishes the agent offline, then stops.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _drain.TrySetResult();
        await _stopReconnecting.CancelAsync().ConfigureAwait(false);
        if (ExecuteTask is { IsCompleted: false } running)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(running, Task.Delay(_options.DrainOnStop, _time, timeout.Token)).ConfigureAwait(false);
            await timeout.CancelAsync().ConfigureAwait(false);
        }

        await _abort.CancelAsync().ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        // Cancelled, not disposed: a publish finishing late may still read its token.
        _abort.Cancel();
        _stopReconnecting.Cancel();
        _session.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _abort.Token);
        var token = stop.Token;
        try
        {
            await _session.RunAsync(new MqttSessionHandlers
            {
                Connected = OnConnectedAsync,
                ConnectFailed = OnConnectFailed,
                WhileConnected = ServeAsync,
            }, token, _stopReconnecting.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            _connected = false;
            if (_session.IsConnected)
            {
                await SayGoodbyeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task OnConnectedAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connections);
        _connected = true;
        var waiting = _outbox.Stats.Events;
        if (_unreachableSince is { } since)
        {
            _logger.LogInformation("Connected to the MQTT broker at {Endpoint} again after {Seconds:0} s; {Count} queued events go out now",
                Endpoint, (_time.GetUtcNow() - since).TotalSeconds, waiting);
        }
        else
        {
            _logger.LogInformation("Connected to the MQTT broker at {Endpoint} as {ClientId}; {Count} events queued", Endpoint, _options.EffectiveClientId, waiting);
        }

        _unreachableSince = null;
        try
        {
            await PublishAgentStatusAsync(AgentStatusPayload.Online, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _connected = false;
            throw;
        }
    }

    private void OnConnectFailed(MqttReconnectAttempt attempt)
    {
        if (_unreachableSince is null)
        {
            _unreachableSince = _time.GetUtcNow();
            _logger.LogWarning("Cannot reach the MQTT broker at {Endpoint} ({Reason}); events wait in the outbox and connecting is retried every {Max:0.#} s at most",
                Endpoint, attempt.Error.Message, _options.MaxBackoff.TotalSeconds);
        }
        else
        {
            _logger.LogDebug("Still cannot reach the MQTT broker at {Endpoint} ({Reason})", Endpoint, attempt.Error.Message);
        }
    }

    /// <summary>Pumps until the connection is lost (connect again) or everything is sent while stopping (done).</summary>
    private async Task<bool> ServeAsync(Task<MqttConnectionLost> lost, CancellationToken cancellationToken)
    {
        try
        {
            var reason = await PumpAsync(lost, cancellationToken).ConfigureAwait(false);
            if (reason is null)
            {
                return false;
            }

            _unreachableSince = _time.GetUtcNow();
            _logger.LogWarning("Lost the connection to the MQTT broker at {Endpoint} ({Reason}); events wait in the outbox ({Count} now)",
                Endpoint, reason, _outbox.Stats.Events);
            return true;
        }
        finally
        {
            _connected = false;
        }
    }

    /// <summary>Hands queued events to the connection until it drops (returns why) or the agent stops (returns null).</summary>
    private async Task<string?> PumpAsync(Task<MqttConnectionLost> disconnected, CancellationToken cancellationToken)
    {
        using var window = new SemaphoreSlim(_options.MaxInFlight);
        using var pumpStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new List<Task>();
        var lastStatus = _time.GetUtcNow();
        var healthChanged = _health?.WhenChangedAsync() ?? Task.Delay(Timeout.Infinite, pumpStop.Token);
        Task? statusDue = null;
        Task? outboxWait = null;
        try
        {
            while (true)
            {
                if (disconnected.IsCompleted)
                {
                    return (await disconnected.ConfigureAwait(false)).Why;
                }

                cancellationToken.ThrowIfCancellationRequested();
                running.RemoveAll(t => t.IsCompleted);
                if (_drain.Task.IsCompleted && running.Count == 0 && !_outbox.HasMessageReady)
                {
                    return null;
                }

                if (statusDue is { IsCompleted: true })
                {
                    statusDue = null;
                    lastStatus = _time.GetUtcNow();
                    healthChanged = _health?.WhenChangedAsync() ?? healthChanged;
                    await PublishAgentStatusAsync(AgentStatusPayload.Online, cancellationToken).ConfigureAwait(false);
                }
                else if (statusDue is null && healthChanged.IsCompleted)
                {
                    // Figures changed (a drop): tell at once, but at most once per interval.
                    var wait = lastStatus + _options.StatusInterval - _time.GetUtcNow();
                    statusDue = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, pumpStop.Token);
                    continue;
                }

                if (window.CurrentCount > 0 && _outbox.TryTake(out var message))
                {
                    await window.WaitAsync(cancellationToken).ConfigureAwait(false);
                    running.Add(PublishOneAsync(message, window));
                    continue;
                }

                var wakeUps = new List<Task>(running.Count + 4) { disconnected, statusDue ?? healthChanged };
                if (!_drain.Task.IsCompleted)
                {
                    wakeUps.Add(_drain.Task);
                }

                if (window.CurrentCount > 0)
                {
                    outboxWait = outboxWait is { IsCompleted: false } ? outboxWait : _outbox.WaitForMessageAsync(pumpStop.Token);
                    wakeUps.Add(outboxWait);
                }

                wakeUps.AddRange(running);
                await Task.WhenAny(wakeUps).ConfigureAwait(false);
            }
        }
        finally
        {
            await pumpStop.CancelAsync().ConfigureAwait(false);
            // Each publish puts its event back itself when it fails; wait so that none is left taken.
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    private async Task PublishOneAsync(OutboxMessage message, SemaphoreSlim window)
    {
        try
        {
            var mqttMessage = new MqttApplicationMessageBuilder()
                .WithTopic(message.Topic)
                .WithPayload(new ReadOnlySequence<byte>(message.Payload))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(message.Retain)
                .Build();
            var result = await _session.Client.PublishAsync(mqttMessage, _abort.Token).ConfigureAwait(false);
            if (result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers)
            {
                _outbox.Complete(message);
                _health?.Published();
                return;
            }

            var retryAfter = MqttPipelines.RejectedPublishDelay(message.Rejections);
            _logger.LogWarning("The broker refused event {Id} on {Topic} ({Code} {Reason}); that {Lane} retries in {Seconds:0} s, others go on",
                message.EventId ?? "(status)", message.Topic, result.ReasonCode, Printable.Excerpt(result.ReasonString ?? "", 200), message.Lane, retryAfter.TotalSeconds);
            _outbox.Release(message, retryAfter);
        }
        catch (Exception e)
        {
            // Not acknowledged (connection lost, timeout, stopping): sent again later, and recognised by id if it did arrive.
            _logger.LogDebug("Publishing {Topic} was not acknowledged ({Reason}); it stays queued", message.Topic, e.Message);
            _outbox.Release(message);
        }
        finally
        {
            window.Release();
        }
    }

    private async Task PublishAgentStatusAsync(string state, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(StatusTopic)
            .WithPayload(AgentStatusBytes(state))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(true)
            .Build();
        await _session.Client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A clean disconnect discards the will, so the offline status is published explicitly first.</summary>
    private async Task SayGoodbyeAsync()
    {
        using var timeout = new CancellationTokenSource(FinalPublishTimeout);
        try
        {
            await PublishAgentStatusAsync(AgentStatusPayload.Offline, timeout.Token).ConfigureAwait(false);
            await _session.DisconnectAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogDebug("Closing the MQTT connection cleanly failed ({Reason}); the broker publishes the will instead", e.Message);
        }
    }

    private byte[] AgentStatusBytes(string state)
    {
        var health = _health?.Snapshot();
        var outbox = _outbox.Stats;
        var payload = new AgentStatusPayload(
            _options.Agent,
            state,
            _time.GetUtcNow(),
            new AgentQueueFigures(outbox.Events, outbox.Bytes),
            health is null ? null : new AgentQueueFigures(health.SpoolFiles, health.SpoolBytes),
            health is null
                ? new AgentDropFigures(outbox.DroppedFootage, outbox.DroppedOther, 0, 0, 0, null, null)
                : new AgentDropFigures(health.DroppedFootageEvents, health.DroppedOtherEvents, health.DroppedSpoolFiles, health.DroppedSpoolBytes,
                    health.QuarantinedSegments, health.LastDrop, health.LastDropWhat),
            _health?.DiskFigures?.Invoke());
        return JsonSerializer.SerializeToUtf8Bytes(payload, AgentJsonContext.Default.AgentStatusPayload);
    }
}
