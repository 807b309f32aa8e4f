using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CameraBeheer.Edge.Tests.Messaging.Infrastructure;

/// <summary>
/// A subscriber in the backend's role: a persistent session at QoS 1 on a filter, reconnecting on its own, keeping every
/// message it receives (duplicates included) in arrival order.
/// </summary>
internal sealed class MqttRecorder : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly List<ReceivedMessage> _messages = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly MqttClientOptions _options;
    private readonly string _filter;
    private Task? _loop;

    private MqttRecorder(int port, string filter)
    {
        _filter = filter;
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId($"test-recorder-{Guid.NewGuid():N}")
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(600)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(5))
            .Build();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var message = new ReceivedMessage(e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload), e.ApplicationMessage.Retain);
            lock (_messages)
            {
                _messages.Add(message);
            }

            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<ReceivedMessage> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects and subscribes before returning, then keeps the session up.</summary>
    public static async Task<MqttRecorder> StartAsync(int port, string filter = "camerabeheer/#")
    {
        var recorder = new MqttRecorder(port, filter);
        await recorder.ConnectAsync(TestContext.Current.CancellationToken);
        recorder._loop = Task.Run(recorder.KeepConnectedAsync, TestContext.Current.CancellationToken);
        return recorder;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        await _client.ConnectAsync(_options, timeout.Token);
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_filter, MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
    }

    private async Task KeepConnectedAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(100, _stop.Token);
                if (!_client.IsConnected)
                {
                    await ConnectAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Broker down: try again shortly.
            }
        }
    }
}

internal sealed record ReceivedMessage(string Topic, string Payload, bool Retain);
