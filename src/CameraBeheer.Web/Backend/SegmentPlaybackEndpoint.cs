using System.Globalization;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Web.Session;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace CameraBeheer.Web.Backend;

/// <summary>
/// <c>GET /meldkamer/opname?camera=cam-01&amp;start=20261130T101500Z&amp;reden=…</c>: one stored MP4 segment for the
/// browser's <c>&lt;video&gt;</c> element, with HTTP range requests (206) by ASP.NET Core's own range handling over a stream
/// that reads Cameras/ReadSegment with the signed-in person's token: every range read is a view of footage, recorded in
/// the audit log with the reason by the backend before its bytes leave. A refusal or a missing segment is a plain text
/// page in the backend's words (the page shows it under the video).
/// </summary>
public static class SegmentPlaybackEndpoint
{
    public static async Task Play(HttpContext context, ConsoleSessions sessions, BackendChannel channel, string? camera, string? start, string? reden)
    {
        if (await PlainAnswers.SessionAsync(context, sessions) is not { } session) return;
        // The roles the API lets read footage; said here as the pages say it (the API's own 403 carries no words).
        if (session.Role is not ("operator" or "manager" or "admin"))
        {
            await PlainAnswers.TextAsync(context, StatusCodes.Status403Forbidden,
                $"footage is for the roles operator, manager and admin; you are signed in as {session.Role}, and the backend refuses the same request");
            return;
        }
        if (!DateTimeOffset.TryParseExact(start, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            await PlainAnswers.TextAsync(context, StatusCodes.Status400BadRequest, $"start: '{start}' is not a segment start of the form 20261130T101500Z");
            return;
        }
        if (string.IsNullOrWhiteSpace(reden))
        {
            await PlainAnswers.TextAsync(context, StatusCodes.Status400BadRequest, "reason: say why you view this footage; it is recorded in the audit log");
            return;
        }
        var backend = channel.For(session);
        try
        {
            // Its length first (the listing is no footage): range handling needs it, and a missing segment is said at once.
            var listed = await backend.Cameras.SegmentsAsync(new CameraSegmentsRequest
            {
                Site = session.Site, Camera = camera ?? "", From = Timestamp.FromDateTimeOffset(at), To = Timestamp.FromDateTimeOffset(at.AddSeconds(1)),
            }, cancellationToken: context.RequestAborted);
            var segment = listed.Segments.FirstOrDefault(s => s.Start.ToDateTimeOffset() == at);
            if (segment is null)
            {
                await PlainAnswers.TextAsync(context, StatusCodes.Status404NotFound, $"no stored segment of camera {camera} starts at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (deleted after the retention period, or never recorded)");
                return;
            }
            await using var stream = new BackendSegmentStream(backend, session.Site, camera!, at, segment.Bytes, reden, context.RequestAborted);
            await Results.Stream(stream, "video/mp4", enableRangeProcessing: true).ExecuteAsync(context);
        }
        catch (RpcException e) when (!context.Response.HasStarted)
        {
            // Nothing was sent yet (the first read is what the backend refused): the refusal replaces the video.
            context.Response.Headers.Remove("Content-Range");
            context.Response.Headers.Remove("Accept-Ranges");
            await PlainAnswers.RefusalAsync(context, e, otherwise: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
