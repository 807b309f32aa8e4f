using System.Text.RegularExpressions;
using CameraBeheer.Contracts.Tls;
using MQTTnet.Protocol;

namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>Test certificates made as <c>camerabeheer dev-certs</c> makes them, and clients that trust them (or not).</summary>
public static partial class TlsKit
{
    /// <summary>A new test CA and server certificate (loopback names) in a new folder under the test root.</summary>
    public static DevCertificateFiles NewCertificates(string purpose = "tls") =>
        DevCertificateFiles.Write(TestPaths.NewFolder(purpose), [], DateTimeOffset.UtcNow);

    /// <summary>The environment that gives the host its certificate, as the systemd unit does.</summary>
    public static Dictionary<string, string> ServerEnvironment(DevCertificateFiles files) => new()
    {
        ["CAMERABEHEER_Tls__CertificateFile"] = files.ServerCertificate,
        ["CAMERABEHEER_Tls__KeyFile"] = files.ServerKey,
    };

    public static CertificateAuthorityTrust Trust(DevCertificateFiles files) => CertificateAuthorityTrust.FromFile(files.CaCertificate, "ca");

    /// <summary>The gRPC address the host announced on its ready line (http:// or https://), with 0.0.0.0 reached as 127.0.0.1.</summary>
    public static Uri GrpcUrl(HostProcess host)
    {
        var match = GrpcOnReadyLine().Match(host.ReadyLine);
        Assert.True(match.Success, $"no grpc= on the ready line: {host.ReadyLine}");
        return new Uri(match.Groups[1].Value.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal).Replace("://[::]:", "://127.0.0.1:", StringComparison.Ordinal));
    }

    public static CameraBeheerClient Client(HostProcess host, string role, CertificateAuthorityTrust? trust) =>
        new(GrpcUrl(host), host.Token(role), trustedCa: trust);

    /// <summary>An MQTT client over TLS at QoS 1, trusting only <paramref name="trust"/> (or, when null, the system's CAs).</summary>
    public static async Task<IMqttClient> ConnectMqttAsync(int port, CertificateAuthorityTrust? trust, string? userName = null, string? password = null, bool tls = true)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId($"tls-test-{Guid.NewGuid():N}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(15));
        if (userName is not null) builder = builder.WithCredentials(userName, password);
        if (tls)
        {
            builder = builder.WithTlsOptions(o =>
            {
                o.UseTls().WithTargetHost("127.0.0.1");
                if (trust is not null) o.WithCertificateValidationHandler(e => trust.IsTrusted(e.Certificate, e.SslPolicyErrors));
            });
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            // MQTTnet 5 returns a refused CONNECT (bad user name or password) as a result rather than throwing.
            var result = await client.ConnectAsync(builder.Build(), timeout.Token);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
                throw new InvalidOperationException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}");
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public static async Task PublishAsync(IMqttClient client, string topic, string payload)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        var result = await client.PublishAsync(message);
        if (!result.IsSuccess) throw new InvalidOperationException($"publish to {topic} failed: {result.ReasonCode} {result.ReasonString}");
    }

    [GeneratedRegex(@"grpc=(\S+)")]
    private static partial Regex GrpcOnReadyLine();
}
