using System.Diagnostics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CameraBeheer.LoadTest;

/// <summary>
/// The pass-through baseline's consumer: one MQTT client with a persistent session at QoS 1, as the backend's subscriber
/// has, that does nothing with a message but count it (and acknowledge it).
/// </summary>
internal sealed class RawSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private long _received;
    private long _target = long.MaxValue;
    private volatile TaskCompletionSource<long>? _done;

    public static async Task<RawSubscriber> ConnectAsync(string host, int port, string clientId, string topicFilter, CancellationToken cancellationToken)
    {
        var subscriber = new RawSubscriber();
        subscriber._client.ApplicationMessageReceivedAsync += _ =>
        {
            if (Interlocked.Increment(ref subscriber._received) >= Interlocked.Read(ref subscriber._target))
                subscriber._done?.TrySetResult(Stopwatch.GetTimestamp());
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(600)
            .WithTimeout(TimeSpan.FromSeconds(30))
            .Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        await subscriber._client.ConnectAsync(options, timeout.Token);
        await subscriber._client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            cancellationToken);
        return subscriber;
    }

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Arms the counter for <paramref name="count"/> more messages; the task ends with the timestamp of the last one.</summary>
    public Task<long> ExpectAsync(int count)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _done = done;
        Interlocked.Exchange(ref _target, Received + count);
        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Session expiry 0 on the way out: the broker forgets this run's session instead of keeping it for ten minutes.
            if (_client.IsConnected)
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithSessionExpiryInterval(0).Build());
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
        {
            // Already gone (the broker stopped first).
        }
        _client.Dispose();
    }
}
