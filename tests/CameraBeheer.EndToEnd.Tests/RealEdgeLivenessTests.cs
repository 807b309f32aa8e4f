namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// The real edge agent process (simulated cameras, real ffmpeg) against the real host process, on a small site of two
/// cameras and a gate whose camera-offline rule fires after 1 minute: the agent's death is noticed, its return too, and
/// a crash of the host loses nothing the edge recorded.
/// </summary>
[Collection(SimulatedEdgeTests.Name)]
public sealed class RealEdgeLivenessTests
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task A_killed_edge_takes_its_cameras_offline_with_alerts_comes_back_online_and_a_killed_host_loses_nothing_it_recorded()
    {
        Assert.True(File.Exists("/usr/bin/ffmpeg"), "ffmpeg is not installed: ./test.sh installs it");
        var data = TestPaths.NewFolder("real-edge-liveness");
        var siteFile = await SmallEdgeSite.WriteAsync(data);
        var host = await HostProcess.StartAsync(data, extraArgs: ["--site-config", siteFile]);
        try
        {
            var secretFile = await EdgeAgentProcess.AddAgentAsync(host, data, "the real edge of this test");
            using var operatorClient = host.Client("operator");
            using var admin = host.Client("admin");

            // Every camera online.
            var edge = EdgeAgentProcess.Start(data, host.MqttPort, siteFile, secretFile);
            await Eventually.GetAsync(() => StatusesAsync(operatorClient), s => s.Values.All(v => v == "online"), "every camera online", TimeSpan.FromMinutes(4));
            await Eventually.GetAsync(() => AgentStateAsync(admin), s => s == "online", "the agent online");

            // SIGKILL the agent: its cameras go offline at once, edge-offline is raised, and camera-offline after its minute.
            edge.Kill();
            await Eventually.GetAsync(() => StatusesAsync(operatorClient), s => s.Values.All(v => v == "offline"), "every camera offline after the agent was killed");
            await Eventually.GetAsync(() => AlertsAsync(operatorClient), a => a.Any(x => x.Rule == "edge-offline" && x.Place == "edge"), "edge-offline naming the agent");
            await Eventually.GetAsync(() => AlertsAsync(operatorClient), a => new[] { "cam-01", "cam-02" }.All(c => a.Any(x => x.Rule == "camera-offline" && x.Place == c)),
                "camera-offline for both cameras after the configured minute", TimeSpan.FromMinutes(4));
            Assert.Contains("Edge agent edge is offline: its 2 cameras and 1 gate are offline", host.Output);

            // Restarted: online again, and the alert is not reopened.
            edge = EdgeAgentProcess.Start(data, host.MqttPort, siteFile, secretFile);
            await Eventually.GetAsync(() => StatusesAsync(operatorClient), s => s.Values.All(v => v == "online"), "every camera online again", TimeSpan.FromMinutes(4));
            await Eventually.GetAsync(() => AgentStateAsync(admin), s => s == "online", "the agent online again");
            var edgeOffline = Assert.Single(await AlertsAsync(operatorClient), x => x.Rule == "edge-offline" && x.Place == "edge");
            Assert.Equal(1, edgeOffline.Count);

            // SIGKILL the host while the edge records: what the edge journaled before and while the host was down all arrives.
            var recorded = new HashSet<string>(EdgeAgentProcess.JournaledEventIds(data), StringComparer.Ordinal);
            var mqttPort = host.MqttPort;
            await host.KillAsync();
            await host.DisposeAsync();
            // A positive signal that the edge went on recording while the host was down: new events in its journal.
            await Eventually.GetAsync(() => Task.FromResult(EdgeAgentProcess.JournaledEventIds(data).Except(recorded).Count()), n => n >= 2, "events the edge records while the host is down", TimeSpan.FromMinutes(2));
            recorded.UnionWith(EdgeAgentProcess.JournaledEventIds(data));
            host = await HostProcess.StartAsync(data, mqttPort: mqttPort, extraArgs: ["--site-config", siteFile]);
            using var operatorAfter = host.Client("operator");
            var now = DateTimeOffset.UtcNow;
            // Looked at the way an operator looks back, every few seconds: the event log call is rate-limited per caller.
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            HashSet<string> stored;
            while (!recorded.IsSubsetOf(stored = await StoredIdsAsync(operatorAfter, now)))
            {
                Assert.True(DateTime.UtcNow < deadline, $"events the edge recorded are missing from the host's event logs: {string.Join(", ", recorded.Except(stored).Take(20))}");
                await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
            }
            Assert.False(edge.HasExited, edge.Log);
            edge.Kill();
        }
        finally
        {
            EdgeAgentProcess.KillAll();
            await host.DisposeAsync();
        }
    }

    private static async Task<HashSet<string>> StoredIdsAsync(Cli.CameraBeheerClient client, DateTimeOffset around) =>
        (await CameraEvents.IdsAsync(client, Site, "cam-01", around)).Concat(await CameraEvents.IdsAsync(client, Site, "cam-02", around)).ToHashSet(StringComparer.Ordinal);

    private static async Task<Dictionary<string, string>> StatusesAsync(Cli.CameraBeheerClient client) =>
        (await client.Cameras.ListAsync(new ListCamerasRequest())).Cameras.ToDictionary(c => c.Camera, c => c.Status);

    private static async Task<string?> AgentStateAsync(Cli.CameraBeheerClient admin) =>
        (await admin.EdgeAgents.ListAsync(new ListEdgeAgentsRequest())).Agents.FirstOrDefault(a => a.Name == "edge")?.State;

    private static async Task<List<AlertInfo>> AlertsAsync(Cli.CameraBeheerClient client) =>
        [.. (await client.Alerts.ListAsync(new ListAlertsRequest { IncludeResolved = true })).Alerts];
}
