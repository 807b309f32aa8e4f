using CameraBeheer.Contracts.Tls;
using Microsoft.Extensions.Configuration;

namespace CameraBeheer.Edge.Tests.Messaging;

/// <summary>The edge agent over TLS to a real Mosquitto: it publishes when the broker's certificate chains to Edge:Mqtt:CaFile, and not otherwise.</summary>
public sealed class BrokerTlsTests() : FolderPerTest("edge-tls")
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task The_agent_publishes_over_tls_to_a_broker_whose_certificate_chains_to_its_ca_file()
    {
        Assert.True(File.Exists(MosquittoProcess.Binary), "mosquitto is not installed: ./test.sh installs it");
        var certificates = DevCertificateFiles.Write(Folder.Sub("certs"), [], DateTimeOffset.UtcNow);
        var (broker, tlsPort) = await StartWithTlsListenerAsync(certificates);
        await using var _ = broker;
        await using var subscriber = await MqttRecorder.StartAsync(broker.Port, "camerabeheer/v1/#");
        await using var outbox = new EdgeOutbox(new EdgeOutboxOptions { Folder = Folder.Sub("outbox"), Site = Site });
        var options = TlsPublisherOptions(tlsPort, trusting: certificates);
        using var publisher = new EdgeMqttPublisher(options, outbox);

        await outbox.EnqueueMotionAsync("cam-01", new MotionPayload("tls-1", DateTimeOffset.UtcNow, "start", null, null, 0.5), Ct);
        await publisher.StartAsync(Ct);

        await Waiting.UntilAsync(() => subscriber.Messages.Count == 1, "the event through the TLS listener");
        Assert.Contains("\"tls-1\"", subscriber.Messages[0].Payload, StringComparison.Ordinal);
        await publisher.StopAsync(Ct);
    }

    [Fact]
    public async Task The_agent_does_not_connect_to_a_broker_whose_certificate_is_of_another_ca()
    {
        Assert.True(File.Exists(MosquittoProcess.Binary), "mosquitto is not installed: ./test.sh installs it");
        var certificates = DevCertificateFiles.Write(Folder.Sub("certs"), [], DateTimeOffset.UtcNow);
        var otherCa = DevCertificateFiles.Write(Folder.Sub("other"), [], DateTimeOffset.UtcNow);
        var (broker, tlsPort) = await StartWithTlsListenerAsync(certificates);
        await using var _ = broker;
        await using var subscriber = await MqttRecorder.StartAsync(broker.Port, "camerabeheer/v1/#");
        await using var outbox = new EdgeOutbox(new EdgeOutboxOptions { Folder = Folder.Sub("outbox"), Site = Site });
        var options = TlsPublisherOptions(tlsPort, trusting: otherCa);
        var logger = new TestLogger<EdgeMqttPublisher>();
        using var publisher = new EdgeMqttPublisher(options, outbox, logger: logger);

        await outbox.EnqueueMotionAsync("cam-01", new MotionPayload("never", DateTimeOffset.UtcNow, "start", null, null, 0.5), Ct);
        await publisher.StartAsync(Ct);

        await Waiting.UntilAsync(() => logger.At(LogLevel.Warning).Any(m => m.Contains("Cannot reach the MQTT broker", StringComparison.Ordinal)), "the refused connection in the log");
        Assert.False(publisher.IsConnected);
        Assert.Empty(subscriber.Messages);
        Assert.Equal(1, outbox.Stats.Events); // the event waits in the outbox
        await publisher.StopAsync(Ct);
    }

    [Fact]
    public void A_ca_file_that_cannot_be_read_or_without_tls_stops_the_start_naming_it()
    {
        var missing = Path.Combine(Folder.Path, "missing-ca.crt");
        var e = Assert.Throws<EdgeConfigurationException>(() => Load($$"""{ "Edge": { "Site": "{{Site}}", "Mqtt": { "CaFile": "{{missing}}" }, "Gates": [ { "Id": "g", "Host": "h", "Port": 1 } ] } }"""));
        Assert.Contains($"Edge:Mqtt:CaFile '{missing}': no such file (the CA certificate, PEM)", e.Problems);
        Assert.Contains("Edge:Mqtt:CaFile is set but Edge:Mqtt:Tls is off: set Edge:Mqtt:Tls=true to connect to the broker over TLS", e.Problems);
    }

    [Theory]
    [InlineData("10.0.0.5:1883", false)]
    [InlineData("broker.local:1883", false)]
    [InlineData("127.0.0.1:1883", true)]
    [InlineData("[::1]:1883", true)]
    [InlineData("localhost:1883", true)]
    public void Plaintext_to_a_broker_on_another_machine_stops_the_start(string broker, bool allowed)
    {
        var json = $$"""{ "Edge": { "Site": "{{Site}}", "Mqtt": { "Broker": "{{broker}}" }, "Gates": [ { "Id": "g", "Host": "h", "Port": 1 } ] } }""";
        if (allowed)
        {
            Assert.Equal(broker, Load(json).Mqtt.Broker);
            return;
        }

        var e = Assert.Throws<EdgeConfigurationException>(() => Load(json));
        Assert.Contains($"Edge:Mqtt:Broker '{broker}' is not on this machine and Edge:Mqtt:Tls is off; plaintext MQTT is allowed only on loopback: set Edge:Mqtt:Tls=true (and Edge:Mqtt:CaFile for a site or test CA)", e.Problems);
    }

    /// <summary>Mosquitto with its plaintext loopback listener (for the recording subscriber) and a TLS listener with the test certificate.</summary>
    /// <summary>The publisher over TLS to <paramref name="tlsPort"/>, trusting only the CA of <paramref name="trusting"/>.</summary>
    private static EdgeMqttOptions TlsPublisherOptions(int tlsPort, DevCertificateFiles trusting)
    {
        var options = BrokerOutageTests.PublisherOptions(tlsPort);
        options.Tls = true;
        options.CaFile = trusting.CaCertificate;
        return options;
    }

    private async Task<(MosquittoProcess Broker, int TlsPort)> StartWithTlsListenerAsync(DevCertificateFiles certificates)
    {
        var tlsPort = FreePorts.Next();
        var broker = await MosquittoProcess.StartAsync(Folder.Sub("mosquitto"), extraConfig: $"""
            listener {tlsPort} 127.0.0.1
            certfile {certificates.ServerCertificate}
            keyfile {certificates.ServerKey}
            """);
        return (broker, tlsPort);
    }

    private static EdgeOptions Load(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        return EdgeOptionsValidator.Load(configuration);
    }
}
