using CameraBeheer.Contracts.V1;
using CameraBeheer.Exports;
using CameraBeheer.Storage;
using CameraBeheer.Storage.Retention;
using Google.Protobuf.WellKnownTypes;

namespace CameraBeheer.Host.Grpc;

/// <summary>The site's cameras: configuration joined with what the camera grains know, and the event log.</summary>
public sealed class CamerasService(SiteConfiguration site, IGrainFactory grains, EventLog eventLog, CallerAudit audit, IBlobStore store, StillFrames stills)
    : Cameras.CamerasBase
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

    [Authorize(Roles = $"{Operator},{Manager},{Admin}")]
    public override async Task<ListZonesReply> Zones(ListZonesRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var snapshots = await Task.WhenAll(site.Zones.Select(z => grains.GetGrain<IZoneGrain>(GrainKeys.Zone(siteId, z.Id)).GetSnapshotAsync()));
        var reply = new ListZonesReply();
        foreach (var (zone, snapshot) in site.Zones.Zip(snapshots))
        {
            var info = new ZoneInfo { Zone = zone.Id, Name = zone.Name, Kind = zone.Kind.ToString(), LastChange = Stamp(snapshot.LastChange) };
            info.Feeds.AddRange(zone.Feeds.Select(f => f.Camera + (f.Region is null ? "" : $"/{f.Region}") + (f.Preset is null ? "" : $" preset {f.Preset}")));
            info.ActiveFeeds.AddRange(snapshot.ActiveFeeds);
            reply.Zones.Add(info);
        }
        return reply;
    }

    [Authorize(Roles = $"{Operator},{Manager},{Admin}")]
    public override async Task<CameraStill> Still(CameraStillRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var camera = RequestChecks.Camera(site, request.Camera);
        var reason = Reason(request.Reason);
        StillFrame? frame;
        try
        {
            frame = await stills.LatestAsync(siteId, camera.Id, context.CancellationToken);
        }
        catch (StillFrameException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message));
        }
        if (frame is null) throw new RpcException(new Status(StatusCode.NotFound, $"camera {camera.Id} has no stored footage yet"));
        var reply = new CameraStill { Camera = camera.Id, Segment = frame.Segment, SegmentStart = Timestamp.FromDateTimeOffset(frame.SegmentStart) };
        // Nothing new is shown when the caller already shows this frame: no bytes, and so nothing to record.
        if (request.KnownSegment == frame.Segment)
        {
            reply.Unchanged = true;
            return reply;
        }
        await audit.RecordAsync(context, $"{siteId}/{camera.Id} still of {frame.SegmentStart.UtcDateTime:O}", "ok", reason);
        reply.Jpeg = Google.Protobuf.ByteString.CopyFrom(frame.Jpeg);
        return reply;
    }

    /// <summary>The most a segment listing covers: a day of ten-second segments is 8,640 lines.</summary>
    public static readonly TimeSpan MaxSegmentRange = TimeSpan.FromDays(1);

    [Authorize(Roles = $"{Operator},{Manager},{Admin}")]
    public override async Task<CameraSegmentsReply> Segments(CameraSegmentsRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var camera = RequestChecks.Camera(site, request.Camera);
        var from = Timestamps.Required(request.From, "from");
        var to = Timestamps.Required(request.To, "to");
        if (from >= to) throw RequestChecks.Invalid("to", "must be after from");
        if (to - from > MaxSegmentRange) throw RequestChecks.Invalid("to", "a range covers at most one day");
        var reply = new CameraSegmentsReply();
        var first = new DateTimeOffset(from.UtcDateTime.Date.AddHours(from.UtcDateTime.Hour), TimeSpan.Zero);
        // Only the hour folders the window touches are listed.
        for (var hour = first; hour < to; hour = hour.AddHours(1))
        {
            var folder = FootageLayout.BlobName(siteId, camera.Id, hour);
            folder = folder[..(folder.LastIndexOf('/') + 1)];
            await foreach (var blob in store.ListAsync(folder, context.CancellationToken))
                if (FootageLayout.TrySegmentStart(blob.Name, out var start) && FootageLayout.BlobName(siteId, camera.Id, start) == blob.Name && start >= from && start < to)
                    reply.Segments.Add(new StoredSegment { Start = Timestamp.FromDateTimeOffset(start), Bytes = blob.Length });
        }
        return reply;
    }

    private const int ChunkBytes = 256 * 1024;

    [Authorize(Roles = $"{Operator},{Manager},{Admin}")]
    public override async Task ReadSegment(ReadSegmentRequest request, IServerStreamWriter<SegmentChunk> responseStream, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var camera = RequestChecks.Camera(site, request.Camera);
        var start = Timestamps.Required(request.Start, "start");
        if (request.Offset < 0) throw RequestChecks.Invalid("offset", "must be 0 or more");
        if (request.Length < 0) throw RequestChecks.Invalid("length", "must be 0 (to the end) or more");
        var reason = Reason(request.Reason);
        var name = FootageLayout.BlobName(siteId, camera.Id, start);
        BlobInfo? segment = null;
        await foreach (var blob in store.ListAsync(name, context.CancellationToken))
            if (blob.Name == name) segment = blob;
        if (segment is null) throw new RpcException(new Status(StatusCode.NotFound, $"no stored segment of camera {camera.Id} starts at {start.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (deleted after the retention period, or never recorded)"));
        var end = request.Length == 0 ? segment.Length : Math.Min(segment.Length, request.Offset + request.Length);
        // Watching footage is recorded, with the reason, before the first byte leaves.
        await audit.RecordAsync(context, $"{siteId}/{camera.Id} segment {start.UtcDateTime:O} bytes {request.Offset}-{Math.Max(request.Offset, end - 1)}", "ok", reason);
        await using var read = await store.OpenReadAsync(name, request.Offset, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"the segment of camera {camera.Id} at {start.UtcDateTime:O} was deleted just now"));
        var buffer = new byte[ChunkBytes];
        for (var offset = request.Offset; offset < end;)
        {
            var n = await read.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, end - offset)), context.CancellationToken);
            if (n == 0) break;
            await responseStream.WriteAsync(new SegmentChunk { Offset = offset, Data = Google.Protobuf.ByteString.CopyFrom(buffer, 0, n), TotalBytes = segment.Length });
            offset += n;
        }
    }

    private static string Reason(string reason) =>
        string.IsNullOrWhiteSpace(reason) ? throw RequestChecks.Invalid("reason", "say why you view this footage; it is recorded in the audit log")
        : reason.Length > 500 ? throw RequestChecks.Invalid("reason", "is at most 500 characters")
        : reason.Trim();

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
            CurrentPreset = snapshot.CurrentPreset ?? 0,
            CurrentPresetName = camera.Presets.FirstOrDefault(p => p.Number == snapshot.CurrentPreset)?.Name ?? "",
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
