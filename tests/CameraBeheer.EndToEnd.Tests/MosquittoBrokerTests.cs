namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The backend against a real Mosquitto instead of its embedded broker, as a site with its own broker runs it.</summary>
public sealed class MosquittoBrokerTests
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task Motion_published_to_mosquitto_is_readable_through_grpc()
    {
        Assert.True(MosquittoProcess.IsInstalled, $"{MosquittoProcess.Binary} is not installed: ./test.sh installs it");
        await using var mosquitto = await MosquittoProcess.StartAsync();
        await using var host = await HostProcess.StartAsync(extraArgs: ["--broker", mosquitto.Endpoint]);
        Assert.Contains($"mqtt={mosquitto.Endpoint}", host.ReadyLine);
        var motionTime = DateTimeOffset.UtcNow.AddSeconds(-3);

        await using (var edge = await EdgePublisher.ConnectAsync(mosquitto.Port))
            await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-03"), EdgePublisher.Motion("mq-1", motionTime, "start", "gate", 0.64));

        using var client = host.Client("operator");
        var camera = await Eventually.GetAsync(
            () => client.Cameras.GetAsync(new GetCameraRequest { Site = Site, Camera = "cam-03" }).ResponseAsync,
            c => c.LastMotion is not null, "the motion event to reach cam-03 through mosquitto");
        Assert.Equal("gate", camera.LastMotionRegion);
        Assert.Equal(motionTime.ToUnixTimeMilliseconds(), camera.LastMotion.ToDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(new[] { "mq-1" }, await CameraEvents.IdsAsync(client, Site, "cam-03", motionTime));
    }

    [Fact]
    public async Task Events_published_while_the_backend_is_down_arrive_after_it_restarts_from_its_persistent_session()
    {
        Assert.True(MosquittoProcess.IsInstalled, $"{MosquittoProcess.Binary} is not installed: ./test.sh installs it");
        await using var mosquitto = await MosquittoProcess.StartAsync();
        var data = TestPaths.NewFolder("mosquitto-restart");

        // First start: the backend connects with clean start false and a session expiry, so Mosquitto keeps its session.
        await using (var host = await HostProcess.StartAsync(data, extraArgs: ["--broker", mosquitto.Endpoint]))
            Assert.Equal(0, await host.StopAsync());

        var first = DateTimeOffset.UtcNow.AddSeconds(-3);
        var second = first.AddSeconds(1);
        await using (var edge = await EdgePublisher.ConnectAsync(mosquitto.Port))
        {
            await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-04"), EdgePublisher.Motion("offline-1", first, "start", "bike-path", 0.5));
            await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-04"), EdgePublisher.Motion("offline-2", second, "end", "sidewalk", 0.25));
        }

        await using (var again = await HostProcess.StartAsync(data, extraArgs: ["--broker", mosquitto.Endpoint]))
        {
            using var client = again.Client("operator");
            var camera = await Eventually.GetAsync(
                () => client.Cameras.GetAsync(new GetCameraRequest { Site = Site, Camera = "cam-04" }).ResponseAsync,
                c => c.LastMotion is not null && c.LastMotion.ToDateTimeOffset().ToUnixTimeMilliseconds() == second.ToUnixTimeMilliseconds(),
                "both events queued at mosquitto to reach cam-04");
            Assert.Equal("sidewalk", camera.LastMotionRegion);
            Assert.Equal(new[] { "offline-1", "offline-2" }, await CameraEvents.IdsAsync(client, Site, "cam-04", first));
        }
    }
}
