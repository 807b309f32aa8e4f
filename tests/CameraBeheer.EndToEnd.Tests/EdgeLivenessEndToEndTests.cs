namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// An edge agent's MQTT will reaches the backend through the embedded broker and through Mosquitto: the agent is a real
/// process (<c>mosquitto_pub</c> holding its connection open with the agent's will), killed with SIGKILL, so the broker
/// itself publishes the will.
/// </summary>
public sealed class EdgeLivenessEndToEndTests
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task On_the_embedded_broker_a_killed_agents_will_takes_its_cameras_offline_and_raises_edge_offline()
    {
        await using var host = await HostProcess.StartAsync();
        var agent = await TestEdgeAgents.AddAsync(host, "liveness-edge", cameras: ["cam-03", "cam-04"], gates: ["hoofdingang"]);
        await WillCascadeAsync(host, host.MqttPort, agent);
    }

    [Fact]
    public async Task Through_Mosquitto_a_killed_agents_will_takes_its_cameras_offline_and_raises_edge_offline()
    {
        Assert.True(MosquittoProcess.IsInstalled, $"{MosquittoProcess.Binary} is not installed: ./test.sh installs it");
        await using var mosquitto = await MosquittoProcess.StartAsync();
        await using var host = await HostProcess.StartAsync(extraArgs: ["--broker", mosquitto.Endpoint]);
        // The register says which cameras the agent serves; Mosquitto (here without an ACL) takes anyone.
        var agent = await TestEdgeAgents.AddAsync(host, "liveness-edge", cameras: ["cam-03", "cam-04"], gates: ["hoofdingang"]);
        await WillCascadeAsync(host, mosquitto.Port, agent);
    }

    [Fact]
    public async Task A_malformed_agent_status_is_refused_into_the_dead_letters_and_the_backend_goes_on()
    {
        await using var host = await HostProcess.StartAsync();
        var agent = await TestEdgeAgents.AddAsync(host, "liveness-bad", cameras: ["cam-05"]);
        await using var publisher = await MqttAgent.ConnectAsync(host.MqttPort, agent, "liveness-bad-1");
        var topic = EdgeTopics.AgentStatus(Site, "liveness-bad");

        Assert.True(AgentAccessTests.IsAccepted(await publisher.PublishAsync(topic, "{\"agent\":\"liveness-bad\",\"state\":")));
        Assert.True(AgentAccessTests.IsAccepted(await publisher.PublishAsync(topic, "{\"agent\":\"liveness-bad\",\"state\":\"asleep\",\"ts\":\"2026-01-01T00:00:00.000Z\"}")));
        Assert.True(AgentAccessTests.IsAccepted(await publisher.PublishAsync(topic, "{\"agent\":\"someone-else\",\"state\":\"offline\",\"ts\":\"2026-01-01T00:00:00.000Z\"}")));
        // The marker after them: a valid status, which must arrive (the backend is still taking input in).
        Assert.True(AgentAccessTests.IsAccepted(await publisher.PublishAsync(topic, Status("liveness-bad", "offline", DateTimeOffset.UtcNow))));

        using var admin = host.Client("admin");
        await Eventually.GetAsync(() => AgentAsync(admin, "liveness-bad"), a => a?.State == "offline", "the valid status after the malformed ones");
        Assert.False(host.HasExited);
        var letters = string.Join("\n", Directory.EnumerateFiles(Path.Combine(host.DataDirectory, "deadletter"), "*.jsonl", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains("\"reason\":\"malformed-json\"", letters);
        Assert.Contains("is not one of online, offline", letters);
        Assert.Contains("is not the agent of the topic", letters);
    }

    private static async Task<string> StatusLinesAsync(HostProcess host)
    {
        var (exit, output, error) = await new CliRunner(host).RunAsync("operator", "status");
        Assert.True(exit == 0, error);
        return output;
    }

    /// <summary>The agent connects with its will, publishes itself and its cameras online, and is killed.</summary>
    private static async Task WillCascadeAsync(HostProcess host, int brokerPort, EdgeCredentials agent)
    {
        var topic = EdgeTopics.AgentStatus(Site, agent.User);
        var connectedAt = DateTimeOffset.UtcNow.AddSeconds(-1);
        var info = new ProcessStartInfo("mosquitto_pub") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[]
        {
            "-h", "127.0.0.1", "-p", brokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", agent.User, "-P", agent.Secret,
            "-i", $"{agent.User}-main", "-q", "1", "-r", "-t", topic, "-l",
            "--will-topic", topic, "--will-payload", Status(agent.User, "offline", connectedAt), "--will-qos", "1", "--will-retain",
        })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start mosquitto_pub");
        try
        {
            await process.StandardInput.WriteLineAsync(Status(agent.User, "online", connectedAt));
            await process.StandardInput.FlushAsync();
            await using (var cameras = await MqttAgent.ConnectAsync(brokerPort, agent, $"{agent.User}-cameras"))
            {
                foreach (var camera in new[] { "cam-03", "cam-04" })
                    Assert.True(AgentAccessTests.IsAccepted(await cameras.PublishAsync(EdgeTopics.Status(Site, camera),
                        $$"""{"state":"online","ts":"{{EdgePublisher.Rfc3339(DateTimeOffset.UtcNow)}}"}""")));
                // The gate is heard: one of its events.
                Assert.True(AgentAccessTests.IsAccepted(await cameras.PublishAsync(EdgeTopics.Gate(Site, "hoofdingang"),
                    $$"""{"id":"{{agent.User}}-gate-1","ts":"{{EdgePublisher.Rfc3339(DateTimeOffset.UtcNow)}}","kind":"closed"}""")));
            }
            using var admin = host.Client("admin");
            using var operatorClient = host.Client("operator");
            await Eventually.GetAsync(() => AgentAsync(admin, agent.User), a => a?.State == "online", $"{agent.User} online");
            await Eventually.GetAsync(() => CamerasAsync(operatorClient), c => c["cam-03"] == "online" && c["cam-04"] == "online", "cam-03 and cam-04 online");
            Assert.Contains($"Edge agent {agent.User} is online (2 cameras, 1 gate)", host.Output);
            await Eventually.GetAsync(() => StatusLinesAsync(host), o => o.Contains("gates:    1 (1 online)", StringComparison.Ordinal), "the gate online in `status`");

            process.Kill();
            await process.WaitForExitAsync();

            var statuses = await Eventually.GetAsync(() => CamerasAsync(operatorClient), c => c["cam-03"] == "offline" && c["cam-04"] == "offline", "cam-03 and cam-04 offline after the will");
            Assert.NotEqual("offline", statuses["cam-05"]); // a camera of no agent of this test is not touched
            var alert = await Eventually.GetAsync(async () => (await operatorClient.Alerts.ListAsync(new ListAlertsRequest { IncludeResolved = true })).Alerts.FirstOrDefault(a => a.Rule == "edge-offline" && a.Place == agent.User),
                a => a is not null, $"an edge-offline alert naming {agent.User}");
            Assert.Equal(("high", "edge-agent"), (alert!.Priority, alert.Trigger));
            Assert.Equal("offline", (await AgentAsync(admin, agent.User))!.State);
            Assert.Contains($"Edge agent {agent.User} is offline: its 2 cameras and 1 gate are offline", host.Output);
            Assert.Contains("gates:    1 (0 online)", await StatusLinesAsync(host));
            var (exit, list, error) = await new CliRunner(host).RunAsync("admin", "agents", "list");
            Assert.True(exit == 0, error);
            Assert.Matches($@"(?m)^{agent.User} +active +offline +\d{{4}}-", list);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    private static string Status(string agent, string state, DateTimeOffset ts) =>
        JsonSerializer.Serialize(new AgentStatusPayload(agent, state, ts), AgentJsonContext.Default.AgentStatusPayload);

    private static async Task<EdgeAgentInfo?> AgentAsync(CameraBeheerClient admin, string name) =>
        (await admin.EdgeAgents.ListAsync(new ListEdgeAgentsRequest())).Agents.FirstOrDefault(a => a.Name == name);

    private static async Task<Dictionary<string, string>> CamerasAsync(CameraBeheerClient client) =>
        (await client.Cameras.ListAsync(new ListCamerasRequest())).Cameras.ToDictionary(c => c.Camera, c => c.Status);
}
