using CameraBeheer.Web.Session;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace CameraBeheer.Web.Backend;

/// <summary>
/// What the console's download and playback endpoints answer when they cannot stream: a plain text page in the backend's
/// words (the page shows it where the file or video would be), with the HTTP status that fits.
/// </summary>
internal static class PlainAnswers
{
    /// <summary>The signed-in person's session; without one, the 401 page that says to sign in has been written (and null is returned).</summary>
    public static async Task<ConsoleSession?> SessionAsync(HttpContext context, ConsoleSessions sessions)
    {
        var session = sessions.Find(context.User.FindFirst(ConsoleAuthentication.SessionClaim)?.Value);
        if (session is null) await TextAsync(context, StatusCodes.Status401Unauthorized, "not signed in: sign in at /aanmelden");
        return session;
    }

    /// <summary>The backend's refusal, with the HTTP status of its gRPC status; <paramref name="otherwise"/> for a failure that is no refusal.</summary>
    public static Task RefusalAsync(HttpContext context, RpcException refusal, int otherwise) =>
        TextAsync(context, refusal.StatusCode switch
        {
            StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
            StatusCode.NotFound => StatusCodes.Status404NotFound,
            StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
            StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
            _ => otherwise,
        }, refusal.Status.Detail);

    public static async Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = null;
        await context.Response.WriteAsync(text);
    }
}
