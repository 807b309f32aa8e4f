using CameraBeheer.Abstractions;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Domain.Sites;
using Grpc.Core;

namespace CameraBeheer.Host.Grpc;

/// <summary>What the backend serves and how its cameras are doing, for <c>camerabeheer status</c>.</summary>
public sealed class SiteService(SiteConfiguration site, IGrainFactory grains) : Site.SiteBase
{
    public override async Task<SiteStatusReply> Status(SiteStatusRequest request, ServerCallContext context)
    {
        var snapshots = await Task.WhenAll(site.Cameras.Select(c => grains.GetGrain<ICameraGrain>(GrainKeys.Camera(site.Site.Id, c.Id)).GetSnapshotAsync()));
        return new SiteStatusReply
        {
            Site = site.Site.Id,
            SiteName = site.Site.Name,
            Cameras = site.Cameras.Count,
            CamerasOnline = snapshots.Count(s => s.Status == CameraStatus.Online),
            Gates = site.Gates.Count,
            Zones = site.Zones.Count,
            RetentionDays = site.Retention.Days,
            Version = typeof(SiteService).Assembly.GetName().Version?.ToString() ?? "",
        };
    }
}
