using CameraBeheer.Abstractions;
using CameraBeheer.Contracts.Auth;
using CameraBeheer.Domain.Sites;
using Grpc.Core;

namespace CameraBeheer.Host.Grpc;

/// <summary>Who is calling (from the validated token) and the audit trail of what they did.</summary>
public sealed class CallerAudit(IGrainFactory grains, SiteConfiguration site)
{
    public static (string Name, string Role) Caller(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        return (user.FindFirst(TokenContract.NameClaim)?.Value ?? "?", user.FindFirst(TokenContract.RoleClaim)?.Value ?? "?");
    }

    /// <summary>Records the call in the site's audit log; durable before the caller gets an answer.</summary>
    public Task RecordAsync(ServerCallContext context, string target, string outcome, string? reason = null)
    {
        var (name, role) = Caller(context);
        var method = context.Method.TrimStart('/').Replace("camerabeheer.v1.", "", StringComparison.Ordinal);
        return grains.GetGrain<IAuditGrain>(site.Site.Id).AppendAsync(new AuditRecord(name, role, method, target, outcome, reason));
    }
}

/// <summary>Checks of request fields that answer INVALID_ARGUMENT or NOT_FOUND naming the field.</summary>
public static class RequestChecks
{
    public static string Site(SiteConfiguration site, string requested)
    {
        if (string.IsNullOrEmpty(requested)) return site.Site.Id;
        if (requested == site.Site.Id) return requested;
        if (!Domain.Ids.IsValid(requested)) throw Invalid("site", $"'{Ingest.Printable.Excerpt(requested, 70)}' is not a site id");
        throw new RpcException(new Status(StatusCode.NotFound, $"unknown site '{requested}'; this backend serves '{site.Site.Id}'"));
    }

    public static CameraConfig Camera(SiteConfiguration site, string requested)
    {
        if (string.IsNullOrEmpty(requested)) throw Invalid("camera", "is required");
        if (!Domain.Ids.IsValid(requested)) throw Invalid("camera", $"'{Ingest.Printable.Excerpt(requested, 70)}' is not a camera id ([a-z0-9][a-z0-9-]{{0,63}})");
        return site.FindCamera(requested) ?? throw new RpcException(new Status(StatusCode.NotFound, $"unknown camera '{requested}' at site '{site.Site.Id}'"));
    }

    public static RpcException Invalid(string field, string problem) =>
        new(new Status(StatusCode.InvalidArgument, $"{field}: {problem}"));
}
