using CameraBeheer.Ingest;

namespace CameraBeheer.Host.Hosting;

/// <summary>Ingest in a cluster: one shared Mosquitto, a session per silo named after it, and the dead silos' sessions adopted.</summary>
public static class ClusterIngestRegistration
{
    /// <summary>
    /// Checks that the cluster's ingest can work before anything starts, and registers the adoption of dead silos'
    /// sessions. The embedded broker is one process's broker: silos cannot share it, and the edge cannot fail over to
    /// another silo's, so a cluster needs an external broker (Mosquitto); each silo needs a name for its sessions.
    /// </summary>
    public static IHostApplicationBuilder AddClusterIngest(this IHostApplicationBuilder builder, ClusterSettings cluster)
    {
        var broker = builder.Configuration["Mqtt:Broker"];
        if (cluster.IsAzureStorage && string.IsNullOrWhiteSpace(broker))
            throw new ArgumentException("Cluster:Kind AzureStorage needs Mqtt:Broker (Mosquitto): the embedded MQTT broker serves one node only, and silos cannot share it");
        if (cluster.IsAzureStorage && cluster.SiloName is null)
            throw new ArgumentException("Cluster:Kind AzureStorage needs Cluster:SiloName (e.g. node-1), unique and the same at every start: it names the silo's MQTT sessions, which another silo takes over when it dies");
        builder.Services.Configure<MqttIngestOptions>(o => o.SiloName = cluster.IsAzureStorage ? cluster.SiloName : null);
        if (cluster.IsAzureStorage) builder.Services.AddHostedService<DeadSiloIngest>();
        return builder;
    }
}
