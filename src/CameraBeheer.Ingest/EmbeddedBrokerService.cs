using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Server;

namespace CameraBeheer.Ingest;

/// <summary>The MQTTnet broker of the embedded default, with persistent sessions so QoS 1 messages wait for a reconnecting subscriber.</summary>
public sealed class EmbeddedBrokerService(IOptions<MqttIngestOptions> options, ILogger<EmbeddedBrokerService> logger) : IHostedService, IAsyncDisposable
{
    private MqttServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Embedded) return;
        var factory = new MqttServerFactory();
        var serverOptions = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Parse(o.BindAddress))
            .WithDefaultEndpointPort(o.Port)
            .WithPersistentSessions(true)
            // Bounded per-client queue: a stalled subscriber must not grow the broker without limit.
            .WithMaxPendingMessagesPerClient(100_000)
            .Build();
        _server = factory.CreateMqttServer(serverOptions);
        await _server.StartAsync();
        logger.LogInformation("Embedded MQTT broker listening on {Address}:{Port}", o.BindAddress, o.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null) return;
        await _server.StopAsync();
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }
}
