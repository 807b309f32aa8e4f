using System.Collections.Concurrent;
using CameraBeheer.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CameraBeheer.Edge.Tests.Messaging;

/// <summary>The shared MQTT client piece (edge publisher and backend subscribers) against a real Mosquitto that is restarted.</summary>
public sealed class MqttSessionTests() : FolderPerTest("session")
{
    [Fact]
    public async Task After_a_broker_restart_that_lost_every_session_the_session_reconnects_and_subscribes_again()
    {
        Assert.True(File.Exists(MosquittoProcess.Binary), $"{MosquittoProcess.Binary} is not installed: ./test.sh installs it");
        await using var broker = await MosquittoProcess.StartAsync(Folder.Sub("mosquitto"));
        var received = new ConcurrentQueue<string>();
        var lost = new ConcurrentQueue<MqttConnectionLost>();
        var connects = 0;
        using var session = new MqttSession(Settings(broker.Port, "test-session-resubscribe"));
        session.Client.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue(Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = session.RunAsync(new MqttSessionHandlers
        {
            Connected = _ =>
            {
                Interlocked.Increment(ref connects);
                return Task.CompletedTask;
            },
            WhileConnected = async (connection, ct) =>
            {
                lost.Enqueue(await connection.WaitAsync(ct));
                return true;
            },
        }, stop.Token);

        await Waiting.UntilAsync(() => Volatile.Read(ref connects) == 1, "the first connect");
        await PublishAsync(broker.Port, "before");
        await Waiting.UntilAsync(() => received.Contains("before"), "the message before the restart");

        // The broker comes back without its saved sessions: only a subscription made again brings messages.
        await broker.StopAsync();
        File.Delete(Path.Combine(broker.Folder, "mosquitto.db"));
        await Waiting.UntilAsync(() => !lost.IsEmpty, "the loss of the connection");
        await broker.StartAgainAsync();
        await Waiting.UntilAsync(() => Volatile.Read(ref connects) == 2 && session.IsConnected, "the connect after the restart", TimeSpan.FromSeconds(30));
        await PublishAsync(broker.Port, "after");
        await Waiting.UntilAsync(() => received.Contains("after"), "the message after the restart");

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.Single(lost);
    }

    [Fact]
    public async Task While_the_broker_is_away_connecting_is_retried_with_waits_that_never_exceed_the_maximum_and_stops_when_told()
    {
        var failures = new ConcurrentQueue<MqttReconnectAttempt>();
        var settings = Settings(FreePorts.Next(), "test-session-away") with
        {
            MinBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        };
        using var session = new MqttSession(settings);
        using var stopReconnecting = new CancellationTokenSource();
        var running = session.RunAsync(new MqttSessionHandlers
        {
            ConnectFailed = failures.Enqueue,
            WhileConnected = (_, _) => Task.FromResult(true),
        }, Ct, stopReconnecting.Token);

        await Waiting.UntilAsync(() => failures.Count >= 6, "six failed connects");
        await stopReconnecting.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.False(session.IsConnected);
        Assert.Equal(Enumerable.Range(0, failures.Count), failures.Select(f => f.FailedBefore));
        Assert.All(failures, f => Assert.InRange(f.RetryIn, TimeSpan.Zero, settings.MaxBackoff));
        Assert.All(failures, f => Assert.NotEmpty(f.Error.Message));
    }

    private static MqttSessionSettings Settings(int port, string clientId) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        ClientId = clientId,
        SessionExpirySeconds = 600,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        Subscriptions = ["vocab/test/#"],
        MinBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromSeconds(1),
    };

    private static async Task PublishAsync(int port, string text)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500).Build(), Ct);
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("vocab/test/x").WithPayload(text).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), Ct);
        await client.DisconnectAsync(cancellationToken: Ct);
    }
}
