namespace CameraBeheer.Mqtt;

/// <summary>
/// How a client logs in to an external broker and checks it: the settings the edge agent (<c>Edge:Mqtt</c>) and the
/// backend's subscriber (<c>Mqtt</c>) share, bound from configuration under the same names.
/// </summary>
public abstract class MqttBrokerLogin
{
    public string? UserName { get; set; }

    /// <summary>Best given as <see cref="PasswordFile"/> or an environment variable, never in a checked-in file.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// A file holding the password on its first line, readable only by the client, so the password need not sit in a unit
    /// file or the environment: systemd's <c>LoadCredential=</c> hands it over as <c>%d/NAME</c>.
    /// </summary>
    public string? PasswordFile { get; set; }

    /// <summary>Connect to the broker over TLS; the broker's certificate is always validated.</summary>
    public bool Tls { get; set; }

    /// <summary>PEM file of the CA the broker's certificate must chain to (a site's own CA, or the ca.crt of
    /// <c>camerabeheer dev-certs</c>); empty: the system's trusted CAs. Needs <see cref="Tls"/>.</summary>
    public string? CaFile { get; set; }

    /// <summary>The client id; it names the client's persistent session at the broker, so it must be stable.</summary>
    public string? ClientId { get; set; }
}
