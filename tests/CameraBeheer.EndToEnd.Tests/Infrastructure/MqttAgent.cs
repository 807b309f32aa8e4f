using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>An MQTT 5 client as an edge agent (or an intruder) would connect: every refusal comes back with its reason code.</summary>
public sealed class MqttAgent : IAsyncDisposable
{
    private readonly List<string> _received = [];

    private MqttAgent(IMqttClient client, MqttClientConnectResult connected)
    {
        Client = client;
        Connected = connected;
        client.DisconnectedAsync += e =>
        {
            Disconnected = $"{e.Reason} {e.ReasonString} {e.Exception?.Message}";
            return Task.CompletedTask;
        };
        client.ApplicationMessageReceivedAsync += e =>
        {
            lock (_received) _received.Add(e.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
    }

    /// <summary>Why the connection ended, when it did.</summary>
    public string? Disconnected { get; private set; }

    /// <summary>The topics of every message the broker delivered to this client.</summary>
    public IReadOnlyList<string> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    public IMqttClient Client { get; }

    public MqttClientConnectResult Connected { get; }

    /// <summary>Connects, or answers the broker's refusal code (never throws for a refusal).</summary>
    public static async Task<(MqttAgent? Agent, MqttClientConnectResultCode Code)> TryConnectAsync(int port, EdgeCredentials? credentials, string? clientId = null, bool cleanStart = true)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId ?? "")
            .WithCleanStart(cleanStart)
            .WithTimeout(TimeSpan.FromSeconds(20));
        if (credentials is not null) builder = builder.WithCredentials(credentials.User, credentials.Secret);
        try
        {
            // MQTTnet 5 answers a refusal in the result rather than throwing.
            var result = await client.ConnectAsync(builder.Build());
            if (result.ResultCode == MqttClientConnectResultCode.Success) return (new MqttAgent(client, result), result.ResultCode);
            client.Dispose();
            return (null, result.ResultCode);
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException e)
        {
            client.Dispose();
            throw new InvalidOperationException($"connecting failed without a reason code: {e.Message}", e);
        }
    }

    public static async Task<MqttAgent> ConnectAsync(int port, EdgeCredentials credentials, string? clientId = null)
    {
        var (agent, code) = await TryConnectAsync(port, credentials, clientId);
        return agent ?? throw new InvalidOperationException($"{credentials.User} could not connect: {code}");
    }

    /// <summary>Publishes at QoS 1 and answers the PUBACK's reason code.</summary>
    public async Task<MqttClientPublishReasonCode> PublishAsync(string topic, string payload)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        return (await Client.PublishAsync(message)).ReasonCode;
    }

    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string filter)
    {
        var result = await Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return result.Items.Single().ResultCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (Client.IsConnected)
        {
            try { await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build()); }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException) { }
        }
        Client.Dispose();
    }
}
