using System.Security.Cryptography;
using CameraBeheer.Contracts.EdgeAgents;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// The same rules on the real Mosquitto, configured only with what <c>camerabeheer agents export-mosquitto</c> writes:
/// the operator's way (export, copy, reload), with the backend subscribed through its own user.
/// </summary>
public sealed class MosquittoAgentAccessTests
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task Mosquitto_with_the_exported_files_refuses_intruders_forgers_subscribers_and_revoked_agents()
    {
        Assert.True(MosquittoProcess.IsInstalled, $"{MosquittoProcess.Binary} is not installed: ./test.sh installs it");
        var folder = TestPaths.NewFolder("mosquitto-secured");
        var backendPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var backendPasswordFile = Path.Combine(folder, "backend.password");
        await File.WriteAllTextAsync(backendPasswordFile, backendPassword + "\n");
        // Before any agent exists: the backend's user alone, hashed by our code (Mosquitto must read it).
        await File.WriteAllTextAsync(Path.Combine(folder, "passwd"), MosquittoFiles.PasswordFile([], ("camerabeheer-backend", MosquittoPasswordHash.Create(backendPassword, MosquittoPasswordHash.ChosenPasswordIterations))));
        await File.WriteAllTextAsync(Path.Combine(folder, "acl"), MosquittoFiles.Acl(Site, [], "camerabeheer-backend"));
        await using var mosquitto = await MosquittoProcess.StartAsync(folder, ("passwd", "acl"));
        await using var host = await HostProcess.StartAsync(extraArgs: ["--broker", mosquitto.Endpoint], environment: new Dictionary<string, string>
        {
            ["CAMERABEHEER_Mqtt__UserName"] = "camerabeheer-backend",
            ["CAMERABEHEER_Mqtt__Password"] = backendPassword,
        });
        var cli = new CliRunner(host);

        var a = await TestEdgeAgents.AddAsync(host, "agent-a", cameras: ["cam-07"]);
        var b = await TestEdgeAgents.AddAsync(host, "agent-b", cameras: ["cam-08"], gates: ["hoofdingang"]);
        var gone = await TestEdgeAgents.AddAsync(host, "agent-gone", cameras: ["cam-09"]);
        await ExportAndReloadAsync(cli, mosquitto, folder, backendPasswordFile);
        // The reload is asynchronous: wait until Mosquitto knows the new agents.
        var (first, _) = await Eventually.GetAsync(() => MqttAgent.TryConnectAsync(mosquitto.Port, a), r => r.Agent is not null, "agent-a to be let in after the reload");
        await using var publisherA = first!;
        await using var publisherB = await MqttAgent.ConnectAsync(mosquitto.Port, b);
        await using var goneLive = await MqttAgent.ConnectAsync(mosquitto.Port, gone);

        // Anonymous and a wrong secret are refused.
        Assert.True(IsRefusal((await MqttAgent.TryConnectAsync(mosquitto.Port, null, "intruder")).Code));
        Assert.True(IsRefusal((await MqttAgent.TryConnectAsync(mosquitto.Port, a with { Secret = "not-the-secret" }, "intruder-2")).Code));

        // Subscribing to everything gets nothing. Mosquitto grants the filter but checks the ACL for every message it
        // would deliver (proven below: nothing arrives).
        await publisherA.SubscribeAsync("#");

        // agent-a publishing as cam-08 and as the gate is refused; the later legitimate marker arrives, the forgery never.
        var now = DateTimeOffset.UtcNow.AddSeconds(-2);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await ForgeAsync(mosquitto, a, EdgeTopics.Motion(Site, "cam-08"), EdgePublisher.Motion("forged-1", now, "start", null, 0.9)));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await ForgeAsync(mosquitto, a, EdgeTopics.Gate(Site, "hoofdingang"), $$"""{"id":"forged-gate","ts":"{{EdgePublisher.Rfc3339(now)}}","kind":"forced"}"""));
        Assert.True(AgentAccessTests.IsAccepted(await publisherB.PublishAsync(EdgeTopics.Motion(Site, "cam-08"), EdgePublisher.Motion("marker-1", now.AddMilliseconds(10), "start", null, 0.5))));
        using var client = host.Client("operator");
        var ids = await Eventually.GetAsync(() => CameraEvents.IdsAsync(client, Site, "cam-08", now), l => l.Contains("marker-1"), "the marker on cam-08 through mosquitto");
        Assert.Equal(new[] { "marker-1" }, ids);
        // Mosquitto sends a client's packets in order: a marker delivered to agent-a's "#" would be in before this PUBACK.
        Assert.True(AgentAccessTests.IsAccepted(await publisherA.PublishAsync(EdgeTopics.Motion(Site, "cam-07"), EdgePublisher.Motion("own-1", now, "start", null, 0.4))));
        Assert.Empty(publisherA.Received);
        Assert.Equal(new[] { "own-1" }, await Eventually.GetAsync(() => CameraEvents.IdsAsync(client, Site, "cam-07", now), l => l.Count > 0, "own-1 on cam-07"));

        // Revoked: after the next export and reload, the agent is refused at its next connect.
        Assert.Equal(0, (await cli.RunAsync("admin", "agents", "revoke", "agent-gone")).ExitCode);
        await ExportAndReloadAsync(cli, mosquitto, folder, backendPasswordFile);
        var refused = await Eventually.GetAsync(() => MqttAgent.TryConnectAsync(mosquitto.Port, gone, "agent-gone-again"), r => r.Agent is null, "agent-gone to be refused after the reload");
        Assert.True(IsRefusal(refused.Code), $"{refused.Code}");
        Assert.True(IsRefusal((await MqttAgent.TryConnectAsync(mosquitto.Port, gone, "agent-gone-3")).Code));
        // The others are not affected.
        await using var stillIn = await MqttAgent.ConnectAsync(mosquitto.Port, a, "agent-a-2");
    }

    /// <summary>
    /// One forged publish on a connection of its own: Mosquitto 2.0 answers PUBACK "not authorized" and then closes the
    /// connection of a client that published outside its ACL, so the agent's subscribing connection is kept apart.
    /// </summary>
    private static async Task<MqttClientPublishReasonCode> ForgeAsync(MosquittoProcess mosquitto, EdgeCredentials agent, string topic, string payload)
    {
        await using var forger = await MqttAgent.ConnectAsync(mosquitto.Port, agent);
        return await forger.PublishAsync(topic, payload);
    }

    private static bool IsRefusal(MqttClientConnectResultCode code) =>
        code is MqttClientConnectResultCode.NotAuthorized or MqttClientConnectResultCode.BadUserNameOrPassword;

    private static async Task ExportAndReloadAsync(CliRunner cli, MosquittoProcess mosquitto, string folder, string backendPasswordFile)
    {
        var (exit, _, error) = await cli.RunAsync("admin", "agents", "export-mosquitto", "--out", folder, "--backend-password-file", backendPasswordFile);
        Assert.True(exit == 0, error);
        mosquitto.Reload();
    }
}
