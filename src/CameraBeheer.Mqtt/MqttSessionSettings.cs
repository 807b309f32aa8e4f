namespace CameraBeheer.Mqtt;

/// <summary>How to reach the broker, and the persistent session to hold there, for one <see cref="MqttSession"/>.</summary>
public sealed record MqttSessionSettings
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    /// <summary>Names the persistent session at the broker: stable across restarts.</summary>
    public required string ClientId { get; init; }

    public string? UserName { get; init; }

    /// <summary>Read at every connect, so a renewed password file needs no restart.</summary>
    public Func<string?>? Password { get; init; }

    /// <summary>Connect over TLS; the broker's certificate is always validated.</summary>
    public bool Tls { get; init; }

    /// <summary>With <see cref="Tls"/>: the PEM file of the only CA the broker's certificate may chain to; null: the system's CAs.</summary>
    public string? CaFile { get; init; }

    /// <summary>The setting that names <see cref="CaFile"/>, so a problem with the file names what to fix.</summary>
    public string CaFileSetting { get; init; } = "CaFile";

    /// <summary>How long the broker keeps the session (and its QoS 1 messages) while the client is away; more than zero.</summary>
    public uint SessionExpirySeconds { get; init; } = 24 * 60 * 60;

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one request (a publish's PUBACK, a subscription) may wait for the broker's answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one connect may wait for the broker's answer before it counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Unacknowledged messages the broker may have in flight to this client; 0: the protocol's default.</summary>
    public ushort ReceiveMaximum { get; init; }

    /// <summary>Topic filters subscribed (QoS 1) at every connect: a resumed session keeps them, a lost one gets them back.</summary>
    public IReadOnlyList<string> Subscriptions { get; init; } = [];

    /// <summary>The will, made afresh at every connect (it may carry figures of the moment).</summary>
    public Func<MqttWill>? Will { get; init; }

    /// <summary>The first wait after a failed connect; it doubles (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The pause before connecting again after a connection that was up is lost. More than zero where a second client
    /// with the same id could take the session away at once: two would otherwise fight over it at network speed.
    /// </summary>
    public TimeSpan PauseAfterLoss { get; init; }
}

/// <summary>The MQTT will of a session: published (QoS 1) by the broker when the connection ends without a clean disconnect.</summary>
public sealed record MqttWill(string Topic, byte[] Payload, bool Retain);
