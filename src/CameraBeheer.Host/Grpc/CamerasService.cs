using CameraBeheer.Abstractions;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Domain.Sites;
using CameraBeheer.Storage;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using static CameraBeheer.Contracts.Auth.TokenContract.Roles;

namespace CameraBeheer.Host.Grpc;

/// <summary>The site's cameras: configuration joined with what the camera grains know, and the event log.</summary>
public sealed class CamerasService(SiteConfiguration site, IGrainFactory grains, EventLog eventLog, CallerAudit audit) : Cameras.CamerasBase
{
    public override async Task<ListCamerasReply> List(ListCamerasRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var infos = await Task.WhenAll(site.Cameras.Select(c => DescribeAsync(siteId, c)));
        var reply = new ListCamerasReply { Site = siteId, SiteName = site.Site.Name };
        reply.Cameras.AddRange(infos);
        return reply;
    }

    public override Task<CameraInfo> Get(GetCameraRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        return DescribeAsync(siteId, RequestChecks.Camera(site, request.Camera));
    }

    [Authorize(Roles = $"{Operator},{Manager},{Admin}")]
    public override async Task Events(CameraEventsRequest request, IServerStreamWriter<Contracts.V1.CameraEvent> responseStream, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var camera = RequestChecks.Camera(site, request.Camera);
        if (request.From is null) throw RequestChecks.Invalid("from", "is required");
        if (request.To is null) throw RequestChecks.Invalid("to", "is required");
        var (from, to) = (request.From.ToDateTimeOffset(), request.To.ToDateTimeOffset());
        if (from >= to) throw RequestChecks.Invalid("to", "must be after from");
        if (to - from > EventLog.MaxReadRange) throw RequestChecks.Invalid("to", $"a range covers at most {EventLog.MaxReadRange.TotalDays:0} days");

        // Looking back at a camera's history is recorded before anything is shown.
        var target = $"{siteId}/{camera.Id} {from.UtcDateTime:O}..{to.UtcDateTime:O}";
        await audit.RecordAsync(context, target, "ok");
        await foreach (var entry in eventLog.ReadAsync(siteId, camera.Id, from, to, context.CancellationToken))
            await responseStream.WriteAsync(new Contracts.V1.CameraEvent { Id = entry.Id, Ts = Timestamp.FromDateTimeOffset(entry.Ts), Type = entry.Type, Json = entry.Json });
    }

    private async Task<CameraInfo> DescribeAsync(string siteId, CameraConfig camera)
    {
        var snapshot = await grains.GetGrain<ICameraGrain>(GrainKeys.Camera(siteId, camera.Id)).GetSnapshotAsync();
        var info = new CameraInfo
        {
            Site = siteId,
            Camera = camera.Id,
            Name = camera.Name,
            Location = camera.Location,
            Placement = camera.Placement.ToString().ToLowerInvariant(),
            Kind = camera.Kind.ToString().ToLowerInvariant(),
            Status = snapshot.Status.ToString().ToLowerInvariant(),
            LastSeen = Stamp(snapshot.LastSeen),
            LastMotion = Stamp(snapshot.LastMotion),
            LastMotionRegion = snapshot.LastMotionRegion ?? "",
            EventsReceived = snapshot.EventsReceived,
        };
        info.Regions.AddRange(snapshot.Regions.Select(r => new RegionMotion
        {
            Region = r.Region,
            Active = r.Active,
            LastMotion = Timestamp.FromDateTimeOffset(r.LastMotion),
            LastScore = r.LastScore,
        }));
        return info;
    }

    private static Timestamp? Stamp(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}
