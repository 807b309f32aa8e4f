namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// Three real hosts of the deploy/cluster recipe with Azurite and Mosquitto; one is SIGKILLed while 10,000 events stream
/// in at QoS 1. Mosquitto keeps what was in flight to (or queued for) the dead node in its session and gives it to
/// nobody else; the oldest survivor adopts that session once the cluster declares the node dead.
/// </summary>
public sealed class ClusterKillOneTests
{
    private const string Site = "domus-almere-poort";
    private const int Events = 10_000;
    private const int KillAfter = 3_000;
    private static readonly string[] Cameras = [.. Enumerable.Range(1, 16).Select(i => $"cam-{i:00}")];

    [Fact]
    public async Task A_node_killed_under_load_loses_nothing_counts_nothing_twice_and_its_cameras_keep_their_state()
    {
        await using var cluster = await ThreeNodeCluster.StartAsync();
        // Whole milliseconds: the contract's times carry no more, and the grain's state is compared with them.
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds());
        var lastOf = new Dictionary<string, DateTimeOffset>();

        await using (var edge = await EdgePublisher.ConnectAsync(cluster.MqttPort, "kill-one-edge"))
        {
            for (var n = 0; n < Events; n++)
            {
                if (n == KillAfter) await cluster.KillAsync(2);
                var camera = Cameras[n % Cameras.Length];
                var ts = start.AddMilliseconds(n);
                await edge.PublishAsync(EdgeTopics.Motion(Site, camera), EdgePublisher.Motion($"k-{n}", ts, "update", null, 0.5));
                lastOf[camera] = ts;
            }

            // Published after the kill, one after another, so the broker's round robin hands some to the dead node's
            // session: they are taken in only once a survivor has adopted it.
            var after = DateTimeOffset.UtcNow.AddSeconds(-1);
            for (var i = 0; i < 6; i++)
                await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-20"), EdgePublisher.Motion($"after-kill-{i}", after.AddMilliseconds(i), "update", null, 0.5));
            using var survivor = cluster.Client(1, "operator");
            // Ingest continues within 60 s of the kill, for every share of the subscription.
            var marks = await Eventually.GetAsync(() => WhileRecovering(() => CameraEvents.IdsAsync(survivor, Site, "cam-20", after), []), ids => ids.Count >= 6,
                "the six events published after the kill to be stored", TimeSpan.FromSeconds(60));
            Assert.Equal(6, marks.Distinct().Count());
        }

        using var client = cluster.Client(3, "operator");
        // Every event exactly once, read back from the event logs through the API of a survivor.
        var all = await Eventually.GetAsync(() => WhileRecovering(async () =>
        {
            var ids = new List<string>();
            foreach (var camera in Cameras) ids.AddRange(await CameraEvents.IdsAsync(client, Site, camera, start));
            return ids;
        }, []), ids => ids.Count >= Events, $"all {Events} events in the event logs", TimeSpan.FromMinutes(3));
        Assert.Equal(Events, all.Count);
        Assert.Equal(Events, all.Distinct().Count());

        // Every camera's grain, wherever it lived before, answers from a survivor with the state of its last event.
        foreach (var camera in Cameras)
        {
            var state = await Eventually.GetAsync(() => WhileRecovering(() => client.Cameras.GetAsync(new GetCameraRequest { Site = Site, Camera = camera }).ResponseAsync, new CameraInfo()),
                c => c.LastMotion is not null && c.LastMotion.ToDateTimeOffset() >= lastOf[camera], $"{camera} to show its last motion");
            Assert.Equal(lastOf[camera].ToUnixTimeMilliseconds(), state.LastMotion.ToDateTimeOffset().ToUnixTimeMilliseconds());
        }

        // The dead node's sessions were adopted by a survivor, which said so.
        Assert.Contains("adopts its MQTT sessions camerabeheer-backend-domus-almere-poort-node2", cluster.Log(1) + cluster.Log(3), StringComparison.Ordinal);
    }

    /// <summary>
    /// Until the cluster has declared the killed node dead, a call that needs one of its grains (the site's audit log,
    /// say) is answered UNAVAILABLE ("try again later"), as a user would see it: the probe tries again.
    /// </summary>
    private static async Task<T> WhileRecovering<T>(Func<Task<T>> probe, T notYet)
    {
        try
        {
            return await probe();
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            return notYet;
        }
    }
}
