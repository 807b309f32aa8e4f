using CameraBeheer.Contracts.Auth;
using CameraBeheer.Contracts.Text;

namespace CameraBeheer.Host.Grpc;

/// <summary>Who is calling (from the validated token) and the audit trail of what they did.</summary>
public sealed partial class CallerAudit(IGrainFactory grains, SiteConfiguration site, ILogger<CallerAudit> logger)
{
    public static (string Name, string Role) Caller(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        return (user.FindFirst(TokenContract.NameClaim)?.Value ?? "?", user.FindFirst(TokenContract.RoleClaim)?.Value ?? "?");
    }

    /// <summary>
    /// Records a read (footage, a camera's history, the evacuation list) in the site's audit log, durable before the caller
    /// gets an answer; when it cannot be written the call fails UNAVAILABLE and nothing is shown.
    /// </summary>
    public async Task RecordAsync(ServerCallContext context, string target, string outcome, string? reason = null)
    {
        try
        {
            await AppendAsync(context, target, outcome, reason);
        }
        catch (Exception e) when (e is not RpcException and not OperationCanceledException)
        {
            LogReadNotRecorded(logger, e, context.Method, target);
            throw new RpcException(new Status(StatusCode.Unavailable,
                "the audit log could not be written, so nothing is shown; try again later (the backend's log says why)"));
        }
    }

    private Task AppendAsync(ServerCallContext context, string target, string outcome, string? reason)
    {
        var (name, role) = Caller(context);
        var method = context.Method.TrimStart('/').Replace("camerabeheer.v1.", "", StringComparison.Ordinal);
        return grains.GetGrain<IAuditGrain>(site.Site.Id).AppendAsync(new AuditRecord(name, role, method, target, outcome, reason));
    }

    /// <summary>
    /// How every service changes state: the request (who, what, why) is in the audit log before anything changes, and
    /// when that entry cannot be written the call fails UNAVAILABLE without trying the change. Then the change; then its
    /// outcome (<c>ok</c>, <c>refused: …</c> for an <see cref="RpcException"/> the change throws, <c>failed: …</c>).
    /// </summary>
    /// <param name="targetOf">The target of the outcome entry when the change creates something with an id of its own.</param>
    /// <param name="outcomeOf">The outcome entry's text when "ok" says too little (a sweep's counts).</param>
    public async Task<T> ChangeAsync<T>(ServerCallContext context, string target, string? reason, Func<Task<T>> change,
        Func<T, string>? targetOf = null, Func<T, string>? outcomeOf = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            await AppendAsync(context, target, "requested", reason);
        }
        catch (Exception e) when (e is not RpcException and not OperationCanceledException)
        {
            LogIntentNotRecorded(logger, e, context.Method, target);
            throw new RpcException(new Status(StatusCode.Unavailable,
                "the audit log could not be written, so nothing was changed; try again later (the backend's log says why)"));
        }
        T result;
        try
        {
            result = await change();
        }
        catch (RpcException e)
        {
            await RecordOutcomeAsync(context, target, $"refused: {e.Status.Detail}", reason);
            throw;
        }
        catch (Exception e)
        {
            // The request is in the log; so is the fact that it did not go through.
            await RecordOutcomeAsync(context, target, $"failed: {e.GetType().Name}", reason);
            throw;
        }
        await RecordOutcomeAsync(context, targetOf?.Invoke(result) ?? target, outcomeOf?.Invoke(result) ?? "ok", reason);
        return result;
    }

    /// <summary>
    /// The outcome entry follows a change that has happened (or was refused): failing the call now would tell the caller
    /// that nothing changed when it did. The request entry is already in the log, so a lost outcome is logged, not thrown.
    /// </summary>
    private async Task RecordOutcomeAsync(ServerCallContext context, string target, string outcome, string? reason)
    {
        try
        {
            await AppendAsync(context, target, outcome, reason);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogOutcomeNotRecorded(logger, e, context.Method, target, outcome);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit log could not record a read by {Method} of {Target}; nothing was shown")]
    private static partial void LogReadNotRecorded(ILogger logger, Exception e, string method, string target);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit log could not record a request for {Method} on {Target}; the call was refused and nothing changed")]
    private static partial void LogIntentNotRecorded(ILogger logger, Exception e, string method, string target);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit log could not record the outcome '{Outcome}' of {Method} on {Target}; its request entry is in the log")]
    private static partial void LogOutcomeNotRecorded(ILogger logger, Exception e, string method, string target, string outcome);
}

/// <summary>Checks of request fields that answer INVALID_ARGUMENT or NOT_FOUND naming the field.</summary>
public static class RequestChecks
{
    public static string Site(SiteConfiguration site, string requested)
    {
        if (string.IsNullOrEmpty(requested)) return site.Site.Id;
        if (requested == site.Site.Id) return requested;
        if (!Domain.Ids.IsValid(requested)) throw Invalid("site", $"'{Printable.Excerpt(requested, 70)}' is not a site id");
        throw new RpcException(new Status(StatusCode.NotFound, $"unknown site '{requested}'; this backend serves '{site.Site.Id}'"));
    }

    public static CameraConfig Camera(SiteConfiguration site, string requested)
    {
        if (string.IsNullOrEmpty(requested)) throw Invalid("camera", "is required");
        if (!Domain.Ids.IsValid(requested)) throw Invalid("camera", $"'{Printable.Excerpt(requested, 70)}' is not a camera id ([a-z0-9][a-z0-9-]{{0,63}})");
        return site.FindCamera(requested) ?? throw new RpcException(new Status(StatusCode.NotFound, $"unknown camera '{requested}' at site '{site.Site.Id}'"));
    }

    public static RpcException Invalid(string field, string problem) =>
        new(new Status(StatusCode.InvalidArgument, $"{field}: {problem}"));
}
