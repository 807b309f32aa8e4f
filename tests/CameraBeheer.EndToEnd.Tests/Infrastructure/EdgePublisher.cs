using System.Globalization;
using MQTTnet.Protocol;

namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>An MQTT client in the role of an edge agent, publishing at QoS 1.</summary>
public sealed class EdgePublisher : IAsyncDisposable
{
    private readonly IMqttClient _client;

    private EdgePublisher(IMqttClient client) => _client = client;

    /// <summary>Connects to the host's embedded broker as the tests' edge agent (<see cref="TestEdgeAgents"/>).</summary>
    public static async Task<EdgePublisher> ConnectAsync(HostProcess host, string clientId = "test-edge") =>
        await ConnectAsync(host.MqttPort, clientId, await host.EdgeAgentAsync());

    public static async Task<EdgePublisher> ConnectAsync(int port, string clientId = "test-edge", EdgeCredentials? credentials = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"{clientId}-{Guid.NewGuid():N}");
        if (credentials is not null) builder = builder.WithCredentials(credentials.User, credentials.Secret);
        var options = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client.ConnectAsync(options, timeout.Token);
        return new EdgePublisher(client);
    }

    public async Task PublishAsync(string topic, string payload, bool retain = false)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        var result = await _client.PublishAsync(message);
        if (!result.IsSuccess) throw new InvalidOperationException($"publish to {topic} failed: {result.ReasonCode} {result.ReasonString}");
    }

    public static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Motion(string id, DateTimeOffset ts, string phase, string? region, double score) =>
        region is null
            ? $$"""{"id":"{{id}}","ts":"{{Rfc3339(ts)}}","phase":"{{phase}}","score":{{score.ToString(CultureInfo.InvariantCulture)}}}"""
            : $$"""{"id":"{{id}}","ts":"{{Rfc3339(ts)}}","phase":"{{phase}}","region":"{{region}}","score":{{score.ToString(CultureInfo.InvariantCulture)}}}""";

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        _client.Dispose();
    }
}
