using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Authentication;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.Text;
using CameraBeheer.Contracts.Tls;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace CameraBeheer.Ingest;

/// <summary>
/// The MQTTnet broker of the embedded default. The edge's messages are taken in at the broker: the publisher's PUBACK is
/// sent only after the message's effect is stored, so an acknowledged event survives a crash of the backend, the same
/// guarantee the subscriber gives behind Mosquitto. A message that could not be stored is not acknowledged: the
/// connection is closed and the edge sends it again.
/// Only edge agents get in (<see cref="EdgeAgentAccess"/>): each publishes on its own topics only and subscribes to nothing.
/// </summary>
public sealed class EmbeddedBrokerService(
    IOptions<MqttIngestOptions> options,
    EdgeIngest ingest,
    IngestReadiness readiness,
    ServerCertificate tls,
    EdgeAgentAccess access,
    BrokerRefusals refusals,
    TimeProvider time,
    ILogger<EmbeddedBrokerService> logger,
    EdgeReceiptIntake? receipts = null) : IHostedService, IEdgeAgentSessions, IAsyncDisposable
{
    private static readonly TimeSpan RefusalSummaryInterval = TimeSpan.FromMinutes(1);
    private readonly CancellationTokenSource _stopping = new();
    private MqttServer? _server;
    private Task? _summaries;

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
        _server.ValidatingConnectionAsync += ValidateAsync;
        _server.InterceptingSubscriptionAsync += RefuseSubscriptionAsync;
        _server.InterceptingPublishAsync += TakeInAsync;
        await _server.StartAsync();
        _summaries = SummarizeRefusalsAsync(_stopping.Token);
        logger.LogInformation("Embedded MQTT broker listening on {Address}:{Port}{Tls}", o.BindAddress, o.Port, tls.Enabled ? " (TLS)" : "");
        readiness.MarkSubscribed();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null) return;
        await _stopping.CancelAsync();
        await _server.StopAsync();
        if (_summaries is not null) await _summaries;
        refusals.Summarize();
    }

    public async Task<int> DisconnectAsync(string agent)
    {
        access.Forget(agent);
        if (_server is null) return 0;
        var closed = 0;
        foreach (var client in await _server.GetClientsAsync())
        {
            if (access.OwnerOf(client.Id) != agent) continue;
            await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.NotAuthorized, ReasonString = "this edge agent was revoked" });
            closed++;
        }
        if (closed > 0) logger.LogInformation("Closed {Count} connection(s) of the revoked edge agent {Agent}", closed, agent);
        return closed;
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ValidateAsync(ValidatingConnectionEventArgs e)
    {
        ConnectVerdict verdict;
        try
        {
            verdict = await access.CheckConnectAsync(e.UserName, e.Password, e.ClientId, e.CleanSession ?? false, _stopping.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The register could not be asked (the silo is stopping, storage failed): nobody gets in blind; the agent retries.
            logger.LogWarning("Could not check the credentials of {Client}: {Reason}", Printable.Excerpt(e.ClientId ?? "", 100), ex.Message);
            e.ReasonCode = MqttConnectReasonCode.ServerUnavailable;
            return;
        }
        if (verdict.Accepted)
        {
            if (string.IsNullOrEmpty(e.ClientId)) AssignClientId(e, verdict.ClientId!);
            return;
        }
        // Otherwise MQTTnet answers an empty client id with "identifier not valid" in place of the real reason.
        if (string.IsNullOrEmpty(e.ClientId)) AssignClientId(e, "refused");
        e.ReasonCode = verdict.Refusal switch
        {
            ConnectRefusal.BadUserNameOrPassword => MqttConnectReasonCode.BadUserNameOrPassword,
            ConnectRefusal.NotAuthorized => MqttConnectReasonCode.NotAuthorized,
            _ => MqttConnectReasonCode.ClientIdentifierNotValid,
        };
        // Counted per agent, or per address for strangers: names and ports an attacker picks must not each earn a log line.
        var who = verdict.Agent ?? (e.RemoteEndPoint is IPEndPoint ip ? $"address {ip.Address}" : "an unknown address");
        refusals.Count(who, "connect", $"{verdict.Why}; user '{e.UserName}', client id '{e.ClientId}'");
    }

    /// <summary>
    /// Gives a client that sent no client id one, as Mosquitto does: MQTTnet 5.2 does that itself only for MQTT 5
    /// (<see cref="ValidatingConnectionEventArgs.AssignedClientIdentifier"/>), while MQTT 3.1.1 (§3.1.3-7) also lets a
    /// clean-session client send none and has the server assign one. <c>mosquitto_pub</c> without <c>-i</c> does exactly
    /// that. MQTTnet keeps the CONNECT packet in a private field, so that one case is set through reflection; should a
    /// later MQTTnet rename the field, such clients are refused again (and a test says so), nothing else changes.
    /// </summary>
    private static void AssignClientId(ValidatingConnectionEventArgs e, string clientId)
    {
        e.AssignedClientIdentifier = clientId;
        if (e.ProtocolVersion != MqttProtocolVersion.V500 && ConnectPacketField?.GetValue(e) is MqttConnectPacket connect && string.IsNullOrEmpty(connect.ClientId))
            connect.ClientId = clientId;
    }

    private static readonly FieldInfo? ConnectPacketField =
        typeof(ValidatingConnectionEventArgs).GetField("_connectPacket", BindingFlags.NonPublic | BindingFlags.Instance);

    private Task RefuseSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        // Agents only publish; the backend takes messages in at the broker and needs no subscription here.
        e.ProcessSubscription = false;
        e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        refusals.Count(access.OwnerOf(e.ClientId) ?? e.ClientId, "subscribe", $"filter {e.TopicFilter.Topic}");
        return Task.CompletedTask;
    }

    private async Task SummarizeRefusalsAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(RefusalSummaryInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping)) refusals.Summarize();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task TakeInAsync(InterceptingPublishEventArgs e)
    {
        if (!access.MayPublish(e.ClientId, e.ApplicationMessage.Topic))
        {
            // Not stored, not forwarded, not retained: an agent cannot speak for another camera, gate or site.
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.Response.ReasonString = "not a topic of this edge agent";
            refusals.Count(access.OwnerOf(e.ClientId) ?? e.ClientId, "publish", $"topic {e.ApplicationMessage.Topic}");
            return;
        }
        if (receipts is not null && EdgeReceiptIntake.IsReceiptTopic(e.ApplicationMessage.Topic))
        {
            await TakeInReceiptAsync(e, receipts);
            return;
        }
        if (!EdgeIngest.TakesIn(e.ApplicationMessage.Topic)) return;
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

    /// <summary>An agent's retention receipt: acknowledged once stored (or refused for good), never forwarded.</summary>
    private async Task TakeInReceiptAsync(InterceptingPublishEventArgs e, EdgeReceiptIntake intake)
    {
        e.ProcessPublish = false;
        try
        {
            var outcome = await intake.TakeInAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload, _stopping.Token);
            if (outcome.Verdict == EdgeReceiptVerdict.Refused)
            {
                e.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
                e.Response.ReasonString = outcome.Problem;
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning("Not acknowledging an edge receipt on {Topic}: {Reason}", Printable.Excerpt(e.ApplicationMessage.Topic, 200), Printable.Excerpt(ex.Message, 300));
            e.Response.ReasonCode = MqttPubAckReasonCode.UnspecifiedError;
            e.CloseConnection = true;
        }
    }
}
