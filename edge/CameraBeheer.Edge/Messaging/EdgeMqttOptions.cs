using CameraBeheer.Contracts.Mqtt;

namespace CameraBeheer.Edge.Messaging;

/// <summary>Settings of <see cref="EdgeMqttPublisher"/>.</summary>
public sealed class EdgeMqttOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    public string Site { get; set; } = "";

    /// <summary>The agent id: its status topic is <c>camerabeheer/edge/{site}/{agent}/status</c>.</summary>
    public string Agent { get; set; } = "edge";

    /// <summary>Stable across restarts (the session is persistent); default <c>camerabeheer-edge-{site}-{agent}</c>.</summary>
    public string? ClientId { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public bool Tls { get; set; }

    /// <summary>With <see cref="Tls"/>: trust only this CA (PEM file) for the broker's certificate; null: the system's CAs.</summary>
    public string? CaFile { get; set; }

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    public uint SessionExpirySeconds { get; set; } = 24 * 60 * 60;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Unacknowledged publishes at a time (each camera or gate has at most one).</summary>
    public int MaxInFlight { get; set; } = 32;

    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>On stop, how long queued events may still be sent before the connection is closed.</summary>
    public TimeSpan DrainOnStop { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>At most one agent status publish per this interval when only figures change.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(5);

    public string EffectiveClientId => ClientId ?? MqttClientIds.Edge(Site, Agent);
}
