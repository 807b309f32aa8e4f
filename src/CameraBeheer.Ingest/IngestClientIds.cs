namespace CameraBeheer.Ingest;

/// <summary>
/// The client ids that name the backend's persistent sessions at the broker. One node keeps the ids it always had
/// (<c>Mqtt:ClientId</c>, default <c>camerabeheer-backend-{site}</c>, and the same with <c>-receipts</c>), so an
/// upgrade finds its session; a silo of a cluster appends its name (<c>Cluster:SiloName</c>), so each silo has its
/// own session and a survivor can find a dead silo's sessions by the dead silo's name.
/// </summary>
public static class IngestClientIds
{
    private const string Fallback = "camerabeheer-backend";

    /// <summary>The session of the event ingest (contract v1 and the agents' status) of the silo named <paramref name="siloName"/>.</summary>
    public static string Events(MqttIngestOptions options, string? siloName) =>
        siloName is null ? options.ClientId ?? Fallback : $"{options.ClientId ?? Fallback}-{siloName}";

    /// <summary>The session of the edge receipts of the silo named <paramref name="siloName"/>.</summary>
    public static string Receipts(MqttIngestOptions options, string? siloName) => Events(options, siloName) + "-receipts";
}
