namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// The embedded broker lets in only registered edge agents, each on its own topics: anonymous, unknown, wrong-secret and
/// revoked clients are refused, a forged camera's event is refused and stored nowhere, and nobody may subscribe.
/// </summary>
public sealed class AgentAccessTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Site = "domus-almere-poort";

    private HostProcess Host => fixture.Host;

    [Fact]
    public async Task Anonymous_and_unknown_clients_are_refused()
    {
        var (anonymous, anonymousCode) = await MqttAgent.TryConnectAsync(Host.MqttPort, null, "intruder-1");
        Assert.Null(anonymous);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, anonymousCode);

        var (unknown, unknownCode) = await MqttAgent.TryConnectAsync(Host.MqttPort, new EdgeCredentials("nobody", "guess"), "intruder-2");
        Assert.Null(unknown);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, unknownCode);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_and_the_right_one_is_let_in()
    {
        var agent = await TestEdgeAgents.AddAsync(Host, "wrong-secret", cameras: ["cam-20"]);

        var (refused, code) = await MqttAgent.TryConnectAsync(Host.MqttPort, agent with { Secret = agent.Secret[..^1] + (agent.Secret[^1] == 'A' ? 'B' : 'A') });
        Assert.Null(refused);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, code);

        await using var right = await MqttAgent.ConnectAsync(Host.MqttPort, agent);
        Assert.Equal(MqttClientConnectResultCode.Success, right.Connected.ResultCode);
    }

    [Fact]
    public async Task A_revoked_agent_loses_its_live_connection_and_is_refused_at_its_next_connect()
    {
        var agent = await TestEdgeAgents.AddAsync(Host, "to-revoke", cameras: ["cam-21"]);
        await using var live = await MqttAgent.ConnectAsync(Host.MqttPort, agent, "to-revoke-1");
        var disconnected = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        live.Client.DisconnectedAsync += e => { disconnected.TrySetResult(e); return Task.CompletedTask; };

        var (exit, output, error) = await fixture.CliAsync("admin", "agents", "revoke", "to-revoke", "--reason", "edge machine stolen");
        Assert.True(exit == 0, error);
        Assert.StartsWith("revoked to-revoke at ", output);

        var closed = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(MqttClientDisconnectReason.NotAuthorized, closed.Reason);
        var (again, code) = await MqttAgent.TryConnectAsync(Host.MqttPort, agent, "to-revoke-1");
        Assert.Null(again);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, code);
        var (_, listed, _) = await fixture.CliAsync("admin", "agents", "list");
        Assert.Matches(@"(?m)^to-revoke +revoked ", listed);
    }

    [Fact]
    public async Task An_agent_publishing_as_another_camera_or_gate_is_refused_and_nothing_of_it_is_stored()
    {
        var a = await TestEdgeAgents.AddAsync(Host, "agent-a", cameras: ["cam-12"]);
        var b = await TestEdgeAgents.AddAsync(Host, "agent-b", cameras: ["cam-13"]);
        var now = DateTimeOffset.UtcNow.AddSeconds(-2);
        await using var publisherA = await MqttAgent.ConnectAsync(Host.MqttPort, a);
        await using var publisherB = await MqttAgent.ConnectAsync(Host.MqttPort, b);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await publisherA.PublishAsync(EdgeTopics.Motion(Site, "cam-13"), EdgePublisher.Motion("forged-1", now, "start", null, 0.9)));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await publisherA.PublishAsync(EdgeTopics.Status(Site, "cam-13"), $$"""{"state":"offline","ts":"{{EdgePublisher.Rfc3339(now)}}"}"""));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await publisherA.PublishAsync(EdgeTopics.Gate(Site, "hoofdingang"), $$"""{"id":"forged-gate","ts":"{{EdgePublisher.Rfc3339(now)}}","kind":"forced"}"""));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await publisherA.PublishAsync(EdgeTopics.AgentStatus(Site, "agent-b"), """{"state":"offline"}"""));
        // Its own camera is fine.
        Assert.True(IsAccepted(await publisherA.PublishAsync(EdgeTopics.Motion(Site, "cam-12"), EdgePublisher.Motion("own-1", now, "start", null, 0.4))));

        // A later, legitimate event on cam-13 is stored; when it is there, the forged one would have been before it.
        Assert.True(IsAccepted(await publisherB.PublishAsync(EdgeTopics.Motion(Site, "cam-13"), EdgePublisher.Motion("marker-1", now.AddMilliseconds(10), "start", null, 0.5))));
        using var client = Host.Client("operator");
        var ids = await Eventually.GetAsync(() => CameraEvents.IdsAsync(client, Site, "cam-13", now), l => l.Contains("marker-1"), "the marker on cam-13");
        Assert.Equal(new[] { "marker-1" }, ids);
        var camera = await client.Cameras.GetAsync(new GetCameraRequest { Site = Site, Camera = "cam-13" });
        Assert.NotEqual("offline", camera.Status);
        Assert.Equal(new[] { "own-1" }, await Eventually.GetAsync(() => CameraEvents.IdsAsync(client, Site, "cam-12", now), l => l.Count > 0, "own-1 on cam-12"));
        Assert.DoesNotContain("forged", File.Exists(DeadLetterFile()) ? await File.ReadAllTextAsync(DeadLetterFile()) : "");
    }

    [Fact]
    public async Task An_agent_may_subscribe_to_nothing()
    {
        var agent = await TestEdgeAgents.AddAsync(Host, "subscriber", cameras: ["cam-22"]);
        await using var connected = await MqttAgent.ConnectAsync(Host.MqttPort, agent);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await connected.SubscribeAsync("#"));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await connected.SubscribeAsync($"camerabeheer/v1/{Site}/gate/+/event"));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await connected.SubscribeAsync(EdgeTopics.Motion(Site, "cam-22")));
    }

    [Fact]
    public async Task Another_agent_cannot_take_over_a_live_agents_client_id()
    {
        var owner = await TestEdgeAgents.AddAsync(Host, "owner", cameras: ["cam-23"]);
        var other = await TestEdgeAgents.AddAsync(Host, "other", cameras: ["cam-24"]);
        const string clientId = "camerabeheer-edge-domus-almere-poort-owner";
        await using var live = await MqttAgent.ConnectAsync(Host.MqttPort, owner, clientId);

        var (takeover, code) = await MqttAgent.TryConnectAsync(Host.MqttPort, other, clientId, cleanStart: false);
        Assert.Null(takeover);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, code);

        // The owner's session is untouched: it still publishes on the same connection.
        Assert.True(live.Client.IsConnected);
        Assert.True(IsAccepted(await live.PublishAsync(EdgeTopics.Motion(Site, "cam-23"), EdgePublisher.Motion("still-here", DateTimeOffset.UtcNow.AddSeconds(-1), "start", null, 0.3))));
    }

    [Fact]
    public async Task An_agent_without_a_client_id_gets_one_assigned()
    {
        var agent = await TestEdgeAgents.AddAsync(Host, "no-client-id", cameras: ["cam-25"]);
        var (connected, code) = await MqttAgent.TryConnectAsync(Host.MqttPort, agent, clientId: "", cleanStart: true);
        Assert.Equal(MqttClientConnectResultCode.Success, code);
        await using (connected)
        {
            Assert.StartsWith("no-client-id-", connected!.Connected.AssignedClientIdentifier);
            Assert.True(IsAccepted(await connected.PublishAsync(EdgeTopics.Motion(Site, "cam-25"), EdgePublisher.Motion("assigned-1", DateTimeOffset.UtcNow.AddSeconds(-1), "start", null, 0.3))));
        }
    }

    [Fact]
    public async Task Mosquitto_pub_with_user_and_secret_and_no_client_id_gets_its_event_in()
    {
        Assert.True(File.Exists("/usr/bin/mosquitto_pub"), "mosquitto_pub is not installed: ./test.sh installs mosquitto-clients");
        var agent = await TestEdgeAgents.AddAsync(Host, "by-hand", cameras: ["cam-26"]);
        var now = DateTimeOffset.UtcNow.AddSeconds(-2);
        foreach (var (version, id) in new[] { ("5", "pub-v5"), ("311", "pub-v311") })
        {
            var (exit, output) = await RunAsync("/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", $"{Host.MqttPort}", "-V", version, "-q", "1",
                "-u", agent.User, "-P", agent.Secret, "-t", EdgeTopics.Motion(Site, "cam-26"), "-m", EdgePublisher.Motion(id, now, "start", null, 0.5));
            Assert.True(exit == 0, output);
        }
        var (refusedExit, refusedOutput) = await RunAsync("/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", $"{Host.MqttPort}", "-V", "5", "-q", "1",
            "-t", EdgeTopics.Motion(Site, "cam-26"), "-m", EdgePublisher.Motion("anonymous", now, "start", null, 0.5));
        Assert.True(refusedExit != 0, refusedOutput);

        using var client = Host.Client("operator");
        var ids = await Eventually.GetAsync(() => CameraEvents.IdsAsync(client, Site, "cam-26", now), l => l.Count >= 2, "both mosquitto_pub events on cam-26");
        Assert.Equal(new[] { "pub-v311", "pub-v5" }, ids.Order(StringComparer.Ordinal));
    }

    internal static bool IsAccepted(MqttClientPublishReasonCode code) => code is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers;

    internal static async Task<(int Exit, string Output)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private string DeadLetterFile()
    {
        var day = DateTimeOffset.UtcNow;
        return Path.Combine(Host.DataDirectory, "deadletter", $"{day:yyyy}", $"{day:MM}", $"{day:dd}.jsonl");
    }
}
