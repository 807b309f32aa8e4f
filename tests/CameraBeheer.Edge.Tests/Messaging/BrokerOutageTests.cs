namespace CameraBeheer.Edge.Tests.Messaging;

/// <summary>The publisher against a real Mosquitto that is stopped and started again on the same port.</summary>
public sealed class BrokerOutageTests() : FolderPerTest("outage")
{
    private const string Site = "domus-almere-poort";
    private static readonly string[] Cameras = ["cam-01", "cam-02", "cam-03"];

    [Fact]
    public async Task Events_produced_while_the_broker_is_down_for_30_seconds_all_arrive_in_order_once()
    {
        Assert.True(File.Exists(MosquittoProcess.Binary), $"{MosquittoProcess.Binary} is not installed: ./test.sh installs it");
        await using var broker = await MosquittoProcess.StartAsync(Folder.Sub("mosquitto"));
        await using var recorder = await MqttRecorder.StartAsync(broker.Port, "camerabeheer/v1/#");
        var logger = new TestLogger<EdgeMqttPublisher>();
        await using var outbox = new EdgeOutbox(new EdgeOutboxOptions { Folder = Folder.Sub("outbox"), Site = Site });
        using var publisher = new EdgeMqttPublisher(PublisherOptions(broker.Port), outbox, logger: logger);
        await publisher.StartAsync(Ct);

        var produced = new List<(string Camera, string Id)>();
        async Task ProduceAsync(int n)
        {
            var camera = Cameras[n % Cameras.Length];
            var id = $"n-{n:D4}";
            await outbox.EnqueueMotionAsync(camera, new MotionPayload(id, DateTimeOffset.UtcNow, "update", null, null, 0.5), Ct);
            produced.Add((camera, id));
        }

        // Before the outage: flowing, all acknowledged and delivered.
        var n = 0;
        for (; n < 30; n++)
        {
            await ProduceAsync(n);
        }

        await Waiting.UntilAsync(() => recorder.Messages.Count == 30 && outbox.Stats.Events == 0, "the first 30 events");

        // The outage: 30 seconds without a broker while the cameras keep producing.
        await broker.StopAsync();
        var outageEnds = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < outageEnds)
        {
            await ProduceAsync(n++);
            await Task.Delay(100, Ct);
        }

        Assert.False(publisher.IsConnected);
        Assert.True(outbox.Stats.Events > 200, $"{outbox.Stats.Events} events queued during the outage");
        await broker.StartAgainAsync();
        await Waiting.UntilAsync(() => recorder.Messages.Count >= produced.Count && outbox.Stats.Events == 0, "the queued events after the broker came back", TimeSpan.FromSeconds(15));
        await Task.Delay(300, Ct); // a duplicate would arrive now

        var received = recorder.Messages.Select(m => (Camera: m.Topic.Split('/')[4], Id: JsonDocument.Parse(m.Payload).RootElement.GetProperty("id").GetString()!)).ToList();
        Assert.Equal(produced.Count, received.Count);
        foreach (var camera in Cameras)
        {
            Assert.Equal(produced.Where(p => p.Camera == camera).Select(p => p.Id), received.Where(r => r.Camera == camera).Select(r => r.Id));
        }

        Assert.Contains(logger.At(LogLevel.Warning), m => m.Contains("Lost the connection", StringComparison.Ordinal));
        Assert.Contains(logger.At(LogLevel.Information), m => m.Contains("again after", StringComparison.Ordinal));
        await publisher.StopAsync(Ct);
    }

    [Fact]
    public async Task The_agent_status_says_online_while_connected_and_offline_after_the_agent_stops()
    {
        Assert.True(File.Exists(MosquittoProcess.Binary), $"{MosquittoProcess.Binary} is not installed: ./test.sh installs it");
        await using var broker = await MosquittoProcess.StartAsync(Folder.Sub("mosquitto"));
        await using var outbox = new EdgeOutbox(new EdgeOutboxOptions { Folder = Folder.Sub("outbox"), Site = Site });
        var statusTopic = EdgeTopics.AgentStatus(Site, "edge-test");
        using (var publisher = new EdgeMqttPublisher(PublisherOptions(broker.Port), outbox))
        {
            await publisher.StartAsync(Ct);
            await using var live = await MqttRecorder.StartAsync(broker.Port, statusTopic);
            await Waiting.UntilAsync(() => live.Messages.Any(m => m.Payload.Contains("\"online\"", StringComparison.Ordinal)), "the agent online");
            await outbox.EnqueueStatusAsync("cam-01", new StatusPayload("offline", DateTimeOffset.UtcNow), Ct);
            await publisher.StopAsync(Ct);
            Assert.Equal(0, outbox.Stats.Events); // the last camera status went out before the connection closed
        }

        // A newcomer gets the retained state.
        await using var later = await MqttRecorder.StartAsync(broker.Port, statusTopic);
        await Waiting.UntilAsync(() => later.Messages.Count > 0, "the retained agent status");
        var status = JsonDocument.Parse(later.Messages[^1].Payload).RootElement;
        Assert.Equal(("edge-test", "offline"), (status.GetProperty("agent").GetString(), status.GetProperty("state").GetString()));
        Assert.True(later.Messages[^1].Retain);
    }

    internal static EdgeMqttOptions PublisherOptions(int port) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        Site = Site,
        Agent = "edge-test",
        ClientId = $"edge-test-{Guid.NewGuid():N}",
        KeepAlive = TimeSpan.FromSeconds(5),
        MinBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromSeconds(1),
        ConnectTimeout = TimeSpan.FromSeconds(3),
    };
}
