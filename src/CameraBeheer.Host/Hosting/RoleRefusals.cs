using CameraBeheer.Contracts.Auth;
using Microsoft.AspNetCore.Authorization.Policy;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Answers a gRPC call whose token has the wrong role with PERMISSION_DENIED and a message that names the rule
/// ("FootageRequests/Approve needs the role manager; this token's role is police") instead of a bare HTTP 403.
/// Everything else (no token, a valid one) goes to ASP.NET Core's own handler.
/// </summary>
public sealed class RoleRefusals : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var isGrpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;
        if (!authorizeResult.Forbidden || !isGrpc || context.Response.HasStarted)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        var roles = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Where(a => !string.IsNullOrEmpty(a.Roles))
            .SelectMany(a => a.Roles!.Split(',', StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList() ?? [];
        var role = context.User.FindFirst(TokenContract.RoleClaim)?.Value ?? "none";
        var method = context.Request.Path.Value?.TrimStart('/').Replace("camerabeheer.v1.", "", StringComparison.Ordinal) ?? "this call";
        var message = roles.Count == 0
            ? $"{method} is not allowed for this token's role ({role})"
            : $"{method} needs the role {string.Join(" or ", roles)}; this token's role is {role}";

        // A trailers-only gRPC response: status and message in the headers, no body.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = "7"; // PERMISSION_DENIED
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }
}
