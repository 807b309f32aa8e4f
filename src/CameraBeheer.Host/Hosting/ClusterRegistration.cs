using Azure.Data.Tables;
using Orleans.Configuration;

namespace CameraBeheer.Host.Hosting;

/// <summary>Makes this process one silo of the cluster <see cref="ClusterSettings"/> describes.</summary>
public static class ClusterRegistration
{
    public static ISiloBuilder UseConfiguredCluster(this ISiloBuilder silo, ClusterSettings cluster, HostSettings settings)
    {
        var siloPort = settings.SiloPort == 0 ? FreePort.Find() : settings.SiloPort;
        var gatewayPort = settings.GatewayPort == 0 ? FreePort.Find() : settings.GatewayPort;
        if (cluster.SiloName is { } name) silo.Configure<SiloOptions>(o => o.SiloName = name);
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = cluster.MinimumReminderPeriod);
        if (!cluster.IsAzureStorage)
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            // One silo: reminders need no store that outlives it; the start-up registrations make them again.
            silo.UseInMemoryReminderService();
            return silo;
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        silo.ConfigureEndpoints(cluster.AdvertisedAddress, siloPort, gatewayPort, listenOnAnyHostAddress: false);
        silo.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(cluster.ConnectionString));
        silo.UseAzureTableReminderService(o => o.TableServiceClient = new TableServiceClient(cluster.ConnectionString));
        silo.Configure<ClusterMembershipOptions>(MembershipTiming.Apply);
        // Cluster:Membership:* (ProbeTimeout, NumMissedProbesLimit, …) overrides the figures above where a site needs it.
        silo.Services.Configure<ClusterMembershipOptions>(silo.Configuration.GetSection("Cluster:Membership"));
        return silo;
    }
}
