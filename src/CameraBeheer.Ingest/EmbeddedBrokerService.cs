using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.Tls;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace CameraBeheer.Ingest;

/// <summary>
/// The MQTTnet broker of the embedded default. The edge's messages are taken in at the broker: the publisher's PUBACK is
/// sent only after the message's effect is stored, so an acknowledged event survives a crash of the backend, the same
/// guarantee the subscriber gives behind Mosquitto. A message that could not be stored is not acknowledged: the
/// connection is closed and the edge sends it again.
/// </summary>
public sealed class EmbeddedBrokerService(
    IOptions<MqttIngestOptions> options,
    EdgeIngest ingest,
    IngestReadiness readiness,
    ServerCertificate tls,
    ILogger<EmbeddedBrokerService> logger) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private MqttServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.UsesEmbeddedBroker) return;
        var factory = new MqttServerFactory();
        var endpoint = factory.CreateServerOptionsBuilder();
        // MQTTnet listens on IPv4 and IPv6 unless told not to; an unset family would listen on every interface ([::]).
        var bind = IPAddress.Parse(o.BindAddress);
        var v4 = bind.AddressFamily == AddressFamily.InterNetwork ? bind : IPAddress.None;
        var v6 = bind.AddressFamily == AddressFamily.InterNetworkV6 ? bind : IPAddress.None;
        // With a certificate the broker's one port speaks MQTT over TLS only; the host allows plaintext on loopback only.
        endpoint = tls.Certificate is { } certificate
            ? endpoint.WithoutDefaultEndpoint()
                .WithEncryptedEndpoint()
                .WithEncryptedEndpointBoundIPAddress(v4)
                .WithEncryptedEndpointBoundIPV6Address(v6)
                .WithEncryptedEndpointPort(o.Port)
                .WithEncryptionCertificate(certificate)
                .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13)
            : endpoint.WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(v4)
                .WithDefaultEndpointBoundIPV6Address(v6)
                .WithDefaultEndpointPort(o.Port);
        var serverOptions = endpoint
            .WithPersistentSessions(true)
            // Bounded per-client queue: a stalled subscriber must not grow the broker without limit.
            .WithMaxPendingMessagesPerClient(100_000)
            .Build();
        _server = factory.CreateMqttServer(serverOptions);
        _server.InterceptingPublishAsync += TakeInAsync;
        await _server.StartAsync();
        logger.LogInformation("Embedded MQTT broker listening on {Address}:{Port}{Tls}", o.BindAddress, o.Port, tls.Enabled ? " (TLS)" : "");
        readiness.MarkSubscribed();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null) return;
        await _stopping.CancelAsync();
        await _server.StopAsync();
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task TakeInAsync(InterceptingPublishEventArgs e)
    {
        if (!e.ApplicationMessage.Topic.StartsWith(EdgeTopics.Prefix, StringComparison.Ordinal)) return;
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await ingest.AcceptAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload,
                () => { stored.TrySetResult(); return Task.CompletedTask; },
                () => stored.TrySetException(new IOException("the message could not be stored")),
                _stopping.Token);
            await stored.Task.WaitAsync(_stopping.Token);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Not acknowledging a message on {Topic} from {Client}: {Reason}", Printable.Excerpt(e.ApplicationMessage.Topic, 200), Printable.Excerpt(e.ClientId ?? "", 100), Printable.Excerpt(ex.Message, 300));
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.UnspecifiedError;
            // MQTT 3.1.1 has no negative PUBACK; a closed connection tells every client version to send it again.
            e.CloseConnection = true;
        }
    }
}
