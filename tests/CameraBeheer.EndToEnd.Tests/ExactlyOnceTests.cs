namespace CameraBeheer.EndToEnd.Tests;

/// <summary>At-least-once in, exactly-once effect: redeliveries and crashes never lose or double an event.</summary>
public sealed class ExactlyOnceTests
{
    private const string Site = "domus-almere-poort";
    private static readonly string[] Cameras = ["cam-01", "cam-02", "cam-03", "cam-04", "cam-05", "cam-06", "cam-07", "cam-08"];

    [Fact]
    public async Task Every_event_is_in_the_event_log_exactly_once_after_the_backend_is_killed_mid_stream()
    {
        Assert.True(MosquittoProcess.IsInstalled, $"{MosquittoProcess.Binary} is not installed: ./test.sh installs it");
        const int total = 10_000;
        await using var mosquitto = await MosquittoProcess.StartAsync();
        var data = TestPaths.NewFolder("kill");
        var first = await HostProcess.StartAsync(data, extraArgs: ["--broker", mosquitto.Endpoint]);

        var publishing = PublishAsync(mosquitto.Port, "k", total);
        // Let the backend store part of the stream, then kill it without warning.
        await Eventually.GetAsync(() => Task.FromResult(LoggedIds(data).Count), n => n >= 1_000, "the first thousand events to be logged", TimeSpan.FromSeconds(60));
        await first.KillAsync();
        await first.DisposeAsync();
        await publishing;

        await using var second = await HostProcess.StartAsync(data, extraArgs: ["--broker", mosquitto.Endpoint]);
        var ids = await Eventually.GetAsync(() => Task.FromResult(new LoggedIdList(LoggedIds(data))), l => l.Ids.Distinct().Count() >= total,
            $"all {total} events in the event log", TimeSpan.FromSeconds(120));

        Assert.Equal(total, ids.Ids.Count);
        Assert.Equal(Enumerable.Range(0, total).Select(i => $"k-{i}").Order(StringComparer.Ordinal), ids.Ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_event_the_embedded_broker_acknowledged_survives_a_kill_and_the_rest_can_be_sent_again()
    {
        const int perCamera = 400;
        var data = TestPaths.NewFolder("kill-embedded");
        var mqttPort = FreePorts.Next();
        var first = await HostProcess.StartAsync(data, mqttPort);

        // One connection per camera, as the edge agents would publish; each records what the broker acknowledged.
        var credentials = await first.EdgeAgentAsync();
        var streams = Cameras.Select(camera => SendUntilFailureAsync(mqttPort, credentials, camera, perCamera)).ToList();
        await Eventually.GetAsync(() => Task.FromResult(LoggedIds(data).Count), n => n >= 500, "the first events to be logged", TimeSpan.FromSeconds(60));
        await first.KillAsync();
        await first.DisposeAsync();
        var unacknowledged = (await Task.WhenAll(streams)).SelectMany(s => s).ToList();

        // The edge keeps what was not acknowledged and sends it again once the backend is back.
        await using var second = await HostProcess.StartAsync(data, mqttPort);
        await using (var edge = await EdgePublisher.ConnectAsync(second, "edge-resend"))
            foreach (var (camera, id, ts) in unacknowledged)
                await edge.PublishAsync(EdgeTopics.Motion(Site, camera), EdgePublisher.Motion(id, ts, "update", null, 0.5));

        var expected = Cameras.SelectMany(c => Enumerable.Range(0, perCamera).Select(i => $"{c}-{i}")).Order(StringComparer.Ordinal).ToList();
        var logged = await Eventually.GetAsync(() => Task.FromResult(new LoggedIdList(LoggedIds(data))), l => l.Ids.Distinct().Count() >= expected.Count,
            $"all {expected.Count} events in the event log", TimeSpan.FromSeconds(60));
        Assert.Equal(expected, logged.Ids.Order(StringComparer.Ordinal));
    }

    /// <summary>Publishes a camera's events until the connection dies; returns the ones the broker did not acknowledge.</summary>
    private static async Task<List<(string Camera, string Id, DateTimeOffset Ts)>> SendUntilFailureAsync(int port, EdgeCredentials credentials, string camera, int count)
    {
        var all = Enumerable.Range(0, count).Select(i => (camera, Id: $"{camera}-{i}", Ts: StartOfRun.Value.AddMilliseconds(i))).ToList();
        var acknowledged = 0;
        try
        {
            await using var edge = await EdgePublisher.ConnectAsync(port, $"edge-{camera}", credentials);
            foreach (var (_, id, ts) in all)
            {
                await edge.PublishAsync(EdgeTopics.Motion(Site, camera), EdgePublisher.Motion(id, ts, "update", null, 0.5));
                acknowledged++;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The backend died under us: everything from here on was not acknowledged.
        }
        return all.Skip(acknowledged).ToList();
    }

    [Fact]
    public async Task A_thousand_events_published_twice_are_counted_a_thousand_times()
    {
        await using var host = await HostProcess.StartAsync();
        await PublishAsync(host, "twice", 1_000);
        await PublishAsync(host, "twice", 1_000);

        using var admin = host.Client("admin");
        var stats = await Eventually.GetAsync(
            () => admin.Site.IngestStatisticsAsync(new IngestStatisticsRequest()).ResponseAsync,
            s => s.Acknowledged >= 2_000, "both rounds to be acknowledged");
        Assert.Equal(1_000, stats.Accepted);
        Assert.Equal(1_000, stats.Duplicates);

        var cameras = await admin.Cameras.ListAsync(new ListCamerasRequest());
        Assert.Equal(1_000, cameras.Cameras.Sum(c => c.EventsReceived));
        Assert.Equal(1_000, LoggedIds(host.DataDirectory).Count);
    }

    /// <summary>Publishes <paramref name="count"/> motion events spread over the cameras, with the same ids and times every time it is called with the same prefix.</summary>
    private static async Task PublishAsync(HostProcess host, string prefix, int count) =>
        await PublishAsync(host.MqttPort, prefix, count, await host.EdgeAgentAsync());

    private static async Task PublishAsync(int port, string prefix, int count, EdgeCredentials? credentials = null)
    {
        var start = StartOfRun.Value;
        await using var edge = await EdgePublisher.ConnectAsync(port, $"edge-{prefix}", credentials);
        for (var i = 0; i < count; i++)
        {
            var camera = Cameras[i % Cameras.Length];
            await edge.PublishAsync(EdgeTopics.Motion(Site, camera), EdgePublisher.Motion($"{prefix}-{i}", start.AddMilliseconds(i), "update", null, 0.5));
        }
    }

    /// <summary>Ids with a readable summary for a timeout message.</summary>
    private sealed record LoggedIdList(List<string> Ids)
    {
        public override string ToString() => $"{Ids.Count} lines, {Ids.Distinct().Count()} distinct ids";
    }

    private static readonly Lazy<DateTimeOffset> StartOfRun = new(() => DateTimeOffset.UtcNow.AddMinutes(-1));

    /// <summary>Every event id in the site's camera event logs, as they are on disk (one entry per line).</summary>
    private static List<string> LoggedIds(string data)
    {
        var root = Path.Combine(data, "events", Site);
        if (!Directory.Exists(root)) return [];
        var ids = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.jsonl", SearchOption.AllDirectories))
        {
            foreach (var line in ReadShared(file).Split('\n'))
            {
                if (line.Length == 0) continue;
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    ids.Add(doc.RootElement.GetProperty("id").GetString()!);
                }
                catch (JsonException)
                {
                    // A line torn by the kill: its event was never acknowledged and comes again.
                }
            }
        }
        return ids;
    }

    private static string ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
