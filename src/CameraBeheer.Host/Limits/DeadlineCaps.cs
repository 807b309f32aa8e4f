// Named here although the host has it globally: the end-to-end tests compile this file on its own.
using Grpc.Core;

namespace CameraBeheer.Host.Limits;

/// <summary>
/// The server-side deadline of every call: the client's own when it is shorter, otherwise the cap for the kind of call.
/// Applied by rewriting the request's <c>grpc-timeout</c> header before Grpc.AspNetCore reads it, so the library's own
/// deadline handling does the rest: the handler's cancellation token fires and the caller gets DEADLINE_EXCEEDED.
/// </summary>
public sealed class DeadlineCaps(TimeSpan unary, TimeSpan longUnary, TimeSpan stream)
{
    /// <summary>Unary calls that walk the store and may take minutes on a full site.</summary>
    public static readonly IReadOnlySet<string> LongUnaryMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        "/camerabeheer.v1.Retention/Sweep",
        "/camerabeheer.v1.Audit/Verify",
    };

    /// <summary>The cap for a method, or null for a watch stream: it stays open as long as its watcher (a control-room shift).</summary>
    public TimeSpan? CapFor(string fullMethod, MethodType type)
    {
        ArgumentNullException.ThrowIfNull(fullMethod);
        if (type == MethodType.Unary) return LongUnaryMethods.Contains(fullMethod) ? longUnary : unary;
        return fullMethod.EndsWith("/Watch", StringComparison.Ordinal) ? null : stream;
    }

    /// <summary>The <c>grpc-timeout</c> header to use instead of <paramref name="sent"/>, or null to keep what the client sent.</summary>
    public string? HeaderFor(string fullMethod, MethodType type, string? sent)
    {
        if (CapFor(fullMethod, type) is not { } cap) return null;
        if (GrpcTimeout.TryParse(sent, out var asked) && asked > TimeSpan.Zero && asked <= cap) return null;
        return GrpcTimeout.Format(cap);
    }
}
