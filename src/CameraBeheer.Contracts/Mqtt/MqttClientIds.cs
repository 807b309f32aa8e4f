namespace CameraBeheer.Contracts.Mqtt;

/// <summary>
/// The default client ids of the persistent sessions at the broker. A session is found again by its client id, so these
/// never change between versions: an upgrade that renamed them would leave every queued message in an orphaned session.
/// </summary>
public static class MqttClientIds
{
    /// <summary>An edge agent's one connection: <c>camerabeheer-edge-{site}-{agent}</c>.</summary>
    public static string Edge(string site, string agent) => $"camerabeheer-edge-{site}-{agent}";

    /// <summary>The backend's event ingest at a site: <c>camerabeheer-backend-{site}</c>.</summary>
    public static string Backend(string site) => $"camerabeheer-backend-{site}";
}
