using CameraBeheer.Contracts.V1;
using CameraBeheer.Ingest;
using CameraBeheer.Storage;

namespace CameraBeheer.Host.Grpc;

/// <summary>What the backend serves and how its cameras are doing, for <c>camerabeheer status</c>.</summary>
public sealed class SiteService(SiteConfiguration site, IGrainFactory grains, IngestMetrics ingest, CountingBlobStore storage, ILocalSiloDetails silo) : Site.SiteBase
{
    public override async Task<SiteStatusReply> Status(SiteStatusRequest request, ServerCallContext context)
    {
        var snapshots = await Task.WhenAll(site.Cameras.Select(c => grains.GetGrain<ICameraGrain>(GrainKeys.Camera(site.Site.Id, c.Id)).GetSnapshotAsync()));
        var gates = await Task.WhenAll(site.Gates.Select(g => grains.GetGrain<IGateGrain>(GrainKeys.Gate(site.Site.Id, g.Id)).GetSnapshotAsync()));
        var silos = SiloCount.Of(await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false));
        return new SiteStatusReply
        {
            Site = site.Site.Id,
            SiteName = site.Site.Name,
            Cameras = site.Cameras.Count,
            CamerasOnline = snapshots.Count(s => s.Status == CameraStatus.Online),
            Gates = site.Gates.Count,
            GatesOnline = gates.Count(g => g.Online == true),
            Zones = site.Zones.Count,
            RetentionDays = site.Retention.Days,
            Version = typeof(SiteService).Assembly.GetName().Version?.ToString() ?? "",
            Silos = silos.Total,
            SilosActive = silos.Active,
            Silo = silo.Name,
        };
    }

    [Authorize(Roles = Contracts.Auth.TokenContract.Roles.Admin)]
    public override Task<IngestStatisticsReply> IngestStatistics(IngestStatisticsRequest request, ServerCallContext context)
    {
        var now = ingest.Snapshot();
        if (request.ResetLatency) ingest.ResetLatency();
        return Task.FromResult(new IngestStatisticsReply
        {
            Received = now.Received,
            Accepted = now.Accepted,
            Duplicates = now.Duplicates,
            DeadLettered = now.DeadLettered,
            Acknowledged = now.Acknowledged,
            StorageWriteRequests = storage.WriteRequests,
            AckLatencyP50Ms = now.AckLatencyP50Ms,
            AckLatencyP99Ms = now.AckLatencyP99Ms,
            AckLatencySamples = now.AckLatencySamples,
        });
    }
}
