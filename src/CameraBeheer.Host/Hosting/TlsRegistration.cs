using System.Net;
using CameraBeheer.Contracts.Tls;
using CameraBeheer.Ingest;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// TLS of the backend (section <c>Tls</c>: <c>CertificateFile</c>, <c>KeyFile</c>, PEM) for gRPC and the embedded MQTT
/// broker, the rule that plaintext is served on loopback only, and the TLS files of the subscriber to an external broker
/// (<c>Mqtt:CaFile</c>, <c>Mqtt:PasswordFile</c>). Everything is checked here, before anything listens, so a mistake
/// stops the start with one line instead of surfacing at the first connection.
/// </summary>
public static class TlsRegistration
{
    public const string CertificateFileKey = "Tls:CertificateFile";
    public const string KeyFileKey = "Tls:KeyFile";

    public static ServerCertificate AddServerTls(this WebApplicationBuilder builder, HostSettings settings)
    {
        var configuration = builder.Configuration;
        var tls = Load(configuration[CertificateFileKey], configuration[KeyFileKey]);
        CheckPlaintextBind("gRPC", "Grpc:BindAddress", settings.GrpcAddress, tls.Enabled);

        var mqtt = configuration.GetSection(MqttIngestOptions.Section).Get<MqttIngestOptions>() ?? new MqttIngestOptions();
        if (mqtt.UsesEmbeddedBroker)
        {
            if (!IPAddress.TryParse(mqtt.BindAddress, out var brokerAddress))
                throw new ArgumentException($"Mqtt:BindAddress '{mqtt.BindAddress}' is not an IP address");
            CheckPlaintextBind("the embedded MQTT broker", "Mqtt:BindAddress", brokerAddress, tls.Enabled);
        }
        else
        {
            CheckSubscriber(mqtt);
        }

        builder.Services.AddSingleton(tls);
        return tls;
    }

    /// <summary>Serves the listener over HTTPS when a certificate is configured (HTTP/2 needs ALPN, which TLS brings).</summary>
    public static void UseServerTls(this ListenOptions listen, ServerCertificate tls)
    {
        if (tls.Certificate is { } certificate) listen.UseHttps(certificate);
    }

    /// <summary>Reads the certificate and key; neither given means no TLS, one without the other is a mistake.</summary>
    public static ServerCertificate Load(string? certificateFile, string? keyFile)
    {
        var hasCertificate = !string.IsNullOrWhiteSpace(certificateFile);
        var hasKey = !string.IsNullOrWhiteSpace(keyFile);
        if (!hasCertificate && !hasKey) return ServerCertificate.None;
        if (!hasKey) throw new ArgumentException($"{KeyFileKey} is missing: {CertificateFileKey} is set, give its private key too (PEM)");
        if (!hasCertificate) throw new ArgumentException($"{CertificateFileKey} is missing: {KeyFileKey} is set, give its certificate too (PEM)");
        return new ServerCertificate(PemFiles.LoadServerCertificate(certificateFile!, keyFile!, CertificateFileKey, KeyFileKey));
    }

    private static void CheckPlaintextBind(string what, string setting, IPAddress address, bool tls)
    {
        if (LoopbackAddresses.PlaintextBindProblem(what, setting, address, tls) is { } problem) throw new ArgumentException(problem);
    }

    /// <summary>The subscriber sends its password to the broker: beyond this machine only over TLS, validated.</summary>
    private static void CheckSubscriber(MqttIngestOptions mqtt)
    {
        var (host, _) = mqtt.BrokerEndpoint();
        if (!mqtt.Tls && !LoopbackAddresses.IsLoopback(host))
            throw new ArgumentException($"Mqtt:Broker '{mqtt.Broker}' is not on this machine and Mqtt:Tls is off; plaintext MQTT is allowed only on loopback: set Mqtt:Tls=true (and Mqtt:CaFile for a private CA)");
        if (!string.IsNullOrWhiteSpace(mqtt.CaFile))
        {
            if (!mqtt.Tls) throw new ArgumentException($"Mqtt:CaFile is set but Mqtt:Tls is off: set Mqtt:Tls=true to connect to the broker over TLS");
            CertificateAuthorityTrust.FromFile(mqtt.CaFile, "Mqtt:CaFile");
        }

        if (!string.IsNullOrWhiteSpace(mqtt.PasswordFile))
        {
            if (!string.IsNullOrEmpty(mqtt.Password)) throw new ArgumentException("Mqtt:Password and Mqtt:PasswordFile are both set: give one");
            mqtt.ReadPassword();
        }
    }
}
