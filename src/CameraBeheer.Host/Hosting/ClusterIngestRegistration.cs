using CameraBeheer.Ingest;

namespace CameraBeheer.Host.Hosting;

/// <summary>Ingest in a cluster: one shared Mosquitto, a session per silo named after it, and the dead silos' sessions adopted.</summary>
public static class ClusterIngestRegistration
{
    /// <summary>
    /// Registers the adoption of dead silos' sessions and names this silo's sessions after it. That a cluster has an
    /// external broker and a silo name is checked by <see cref="ClusterSettings.From"/>, before anything starts.
    /// </summary>
    public static IHostApplicationBuilder AddClusterIngest(this IHostApplicationBuilder builder, ClusterSettings cluster)
    {
        builder.Services.Configure<MqttIngestOptions>(o => o.SiloName = cluster.IsAzureStorage ? cluster.SiloName : null);
        if (cluster.IsAzureStorage) builder.Services.AddHostedService<DeadSiloIngest>();
        return builder;
    }
}
