using Grpc.Core;

namespace CameraBeheer.Cli.Output;

/// <summary>Says in one line what a failed call means and, where there is one, what to do about it.</summary>
internal static class RpcErrors
{
    public static string Describe(RpcException error, Uri? server) => Describe(error, server is null ? null : ServerAddress.Show(server));

    /// <param name="error">The failed call.</param>
    /// <param name="servers">The server (or the servers, listed) the call could go to.</param>
    public static string Describe(RpcException error, string? servers)
    {
        var detail = Display.Clean(error.Status.Detail);
        var where = servers is null ? "" : $" {servers}";
        return error.StatusCode switch
        {
            StatusCode.PermissionDenied => With("permission denied", detail),
            StatusCode.Unauthenticated => $"{With("not authenticated", detail)} (sign in with: camerabeheer login --user LOGIN; on the server machine: camerabeheer token issue --role ROLE --name NAME)",
            // The TLS handshake failing comes as Unavailable or Internal, depending on where it broke.
            _ when IsCertificateRefusal(error) =>
                $"{With($"cannot reach server{where}", ShortReason(error))} (the server's certificate is not trusted: for a test or site CA pass --ca-file FILE)",
            // The server itself answered UNAVAILABLE (no transport error): its words say what is wrong and that nothing changed.
            StatusCode.Unavailable when error.Status.DebugException is null && detail.Length > 0 => With($"server{where} unavailable", detail),
            StatusCode.Unavailable => With($"cannot reach server{where}", ShortReason(error)),
            StatusCode.DeadlineExceeded => $"server{where} did not answer in time",
            StatusCode.Cancelled => "cancelled",
            _ => With(Words(error.StatusCode), detail),
        };
    }

    /// <summary>The transport's own words ("Connection refused") rather than gRPC's wrapper text.</summary>
    private static string ShortReason(RpcException error)
    {
        var inner = error.Status.DebugException;
        while (inner?.InnerException is not null) inner = inner.InnerException;
        return Display.Clean(inner?.Message ?? error.Status.Detail);
    }

    private static bool IsCertificateRefusal(RpcException error)
    {
        for (var e = error.Status.DebugException; e is not null; e = e.InnerException)
            if (e is System.Security.Authentication.AuthenticationException) return true;
        return false;
    }

    private static string With(string what, string detail) => detail.Length == 0 ? what : $"{what}: {detail}";

    /// <summary>InvalidArgument → "invalid argument".</summary>
    private static string Words(StatusCode code) =>
        string.Concat(code.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
