namespace CameraBeheer.Edge.Tests.Messaging;

public sealed class EdgeMqttPublisherTests() : FolderPerTest("publisher")
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task A_camera_whose_events_the_broker_refuses_holds_up_only_itself()
    {
        Assert.True(File.Exists(MosquittoProcess.Binary), $"{MosquittoProcess.Binary} is not installed: ./test.sh installs it");
        var brokerFolder = Folder.Sub("mosquitto");
        var acl = Path.Combine(brokerFolder, "acl");
        // Anonymous clients may write everything except cam-02's topics (as a misconfigured ACL would do).
        await File.WriteAllTextAsync(acl, """
            topic readwrite camerabeheer/edge/#
            topic readwrite camerabeheer/v1/domus-almere-poort/camera/cam-01/#
            topic readwrite camerabeheer/v1/domus-almere-poort/gate/#
            topic read camerabeheer/#
            """, Ct);
        await using var broker = await MosquittoProcess.StartAsync(brokerFolder, extraConfig: $"acl_file {acl}");
        await using var subscriber = await MqttRecorder.StartAsync(broker.Port, "camerabeheer/v1/#");
        var logger = new TestLogger<EdgeMqttPublisher>();
        await using var outbox = new EdgeOutbox(new EdgeOutboxOptions { Folder = Folder.Sub("outbox"), Site = Site });
        using var publisher = new EdgeMqttPublisher(BrokerOutageTests.PublisherOptions(broker.Port), outbox, logger: logger);

        await outbox.EnqueueMotionAsync("cam-02", new MotionPayload("refused-1", DateTimeOffset.UtcNow, "start", null, null, 0.5), Ct);
        await outbox.EnqueueMotionAsync("cam-02", new MotionPayload("refused-2", DateTimeOffset.UtcNow, "end", null, null, 0.5), Ct);
        for (var i = 0; i < 5; i++)
        {
            await outbox.EnqueueMotionAsync("cam-01", new MotionPayload($"ok-{i}", DateTimeOffset.UtcNow, "update", null, null, 0.5), Ct);
        }

        await outbox.EnqueueGateAsync("poort", new GatePayload("g-1", DateTimeOffset.UtcNow, "opened", null), Ct);
        await publisher.StartAsync(Ct);
        await Waiting.UntilAsync(() => subscriber.Messages.Count == 6, "cam-01's and the gate's events");
        await Waiting.UntilAsync(() => logger.At(LogLevel.Warning).Any(m => m.Contains("refused", StringComparison.Ordinal)), "the refusal in the log");

        string? IdOf(ReceivedMessage m) => JsonDocument.Parse(m.Payload).RootElement.GetProperty("id").GetString();
        Assert.Equal(["ok-0", "ok-1", "ok-2", "ok-3", "ok-4"], subscriber.Messages.Where(m => m.Topic.Contains("/cam-01/", StringComparison.Ordinal)).Select(IdOf));
        Assert.Equal(["g-1"], subscriber.Messages.Where(m => m.Topic.Contains("/gate/", StringComparison.Ordinal)).Select(IdOf));
        Assert.Equal(2, outbox.Stats.Events); // cam-02's two wait, in order, for the ACL to be fixed
        Assert.Contains(logger.At(LogLevel.Warning), m => m.Contains("refused-1", StringComparison.Ordinal) && m.Contains("NotAuthorized", StringComparison.Ordinal));
        Assert.True(publisher.IsConnected);
        await publisher.StopAsync(Ct);
    }
}
