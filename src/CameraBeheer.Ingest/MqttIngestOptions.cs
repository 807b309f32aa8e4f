using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Mqtt;

namespace CameraBeheer.Ingest;

/// <summary>
/// MQTT settings (section <c>Mqtt</c>). Without <c>Mqtt:Broker</c> the backend runs its own MQTTnet broker and takes the
/// edge's messages in at the broker itself; with <c>Mqtt:Broker</c> (Mosquitto in production) it subscribes there, with
/// the login and TLS settings the edge has too (<see cref="MqttBrokerLogin"/>).
/// </summary>
public sealed class MqttIngestOptions : MqttBrokerLogin
{
    public const string Section = "Mqtt";

    /// <summary>True unless an external broker is configured.</summary>
    public bool UsesEmbeddedBroker => string.IsNullOrWhiteSpace(Broker);

    /// <summary>Address the embedded broker listens on; loopback unless deliberately opened.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Port of the embedded broker.</summary>
    public int Port { get; set; } = 1883;

    /// <summary><c>host:port</c> (<c>[::1]:1883</c> for IPv6, read by <see cref="Contracts.Mqtt.BrokerEndpoint"/>) of an external broker the subscriber connects to; empty: the embedded broker.</summary>
    public string? Broker { get; set; }

    /// <summary>
    /// This silo's name in a cluster (set by the host from <c>Cluster:SiloName</c>): it goes into the client ids
    /// (<see cref="IngestClientIds"/>), so each silo has its own sessions and the others can find them when it dies.
    /// </summary>
    public string? SiloName { get; set; }

    /// <summary>How long the broker keeps the subscriber's session (and its QoS 1 messages) while it is away.</summary>
    public uint SessionExpirySeconds { get; set; } = 7 * 24 * 3600;

    /// <summary>The password from <see cref="PasswordFile"/> when one is named, else <see cref="Password"/>.</summary>
    /// <exception cref="InvalidOperationException">The password file cannot be read; the message names it.</exception>
    public string? ReadPassword()
    {
        if (string.IsNullOrWhiteSpace(PasswordFile)) return Password;
        try
        {
            using var reader = new StreamReader(PasswordFile);
            return reader.ReadLine() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Mqtt:PasswordFile '{PasswordFile}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The endpoint the subscriber connects to, validated.</summary>
    public BrokerEndpoint BrokerEndpoint()
    {
        if (string.IsNullOrWhiteSpace(Broker)) return new BrokerEndpoint(BindAddress, Port);
        return Contracts.Mqtt.BrokerEndpoint.TryParse(Broker, out var endpoint, out _)
            ? endpoint
            : throw new ArgumentException($"Mqtt:Broker '{Broker}' is not of the form host:port (port 1-65535)");
    }
}
