using CameraBeheer.Contracts.V1;
using CameraBeheer.Web.Session;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace CameraBeheer.Web.Backend;

/// <summary>
/// <c>GET /politie/export?id=…&amp;file=…&amp;reden=…</c>: one file of a ready export, streamed from FootageRequests/Download
/// (chunks of at most 1 MiB) straight to the browser with the signed-in person's token; the reason goes into the audit log.
/// </summary>
public static class EvidenceDownloadEndpoint
{
    public static async Task Download(HttpContext context, ConsoleSessions sessions, BackendChannel channel, string? id, string? file, string? reden)
    {
        if (await PlainAnswers.SessionAsync(context, sessions) is not { } session) return;
        using var call = channel.For(session).FootageRequests.Download(
            new DownloadFootageRequest { Id = id ?? "", File = file ?? "", Reason = reden ?? "" }, cancellationToken: context.RequestAborted);
        var started = false;
        try
        {
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(context.RequestAborted))
            {
                // The backend streams on through the package's later files; this download is of one file.
                if (started && chunk.File != file) break;
                if (!started)
                {
                    // Headers only once the backend answered: a refusal still becomes a plain error page.
                    context.Response.ContentType = "application/octet-stream";
                    context.Response.Headers.ContentDisposition = $"attachment; filename=\"{Path.GetFileName(chunk.File)}\"";
                    if (chunk.FileBytes > 0) context.Response.ContentLength = chunk.FileBytes;
                    started = true;
                }
                await context.Response.Body.WriteAsync(chunk.Data.Memory, context.RequestAborted);
            }
        }
        catch (RpcException e) when (!started)
        {
            await PlainAnswers.RefusalAsync(context, e, otherwise: StatusCodes.Status400BadRequest);
        }
    }
}
