using System.Globalization;
using System.Threading.RateLimiting;
using CameraBeheer.Contracts.Auth;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace CameraBeheer.Host.Limits;

/// <summary>
/// A per-caller budget for the calls that cost the backend real work (exports, sweeps, history reads, audit checks,
/// downloads): <see cref="ExpensiveCallOptions.PermitLimit"/> calls of one method per caller name per window. Over budget
/// the call is answered RESOURCE_EXHAUSTED with when to try again, in words and in the <c>retry-after-ms</c> and
/// <c>grpc-retry-pushback-ms</c> trailers (the latter is what gRPC clients' retry policies honour).
/// </summary>
/// <remarks>
/// A gRPC interceptor rather than ASP.NET Core's rate limiting middleware: that one answers HTTP 429, which gRPC clients
/// report as UNAVAILABLE (retry at once) instead of RESOURCE_EXHAUSTED, and it runs before the method is known as a gRPC one.
/// Interceptors run after authorisation, so only callers with a valid token and role spend budget.
/// </remarks>
public sealed class ExpensiveCallLimiter : Interceptor, IDisposable
{
    /// <summary>The expensive methods; every other call is limited only by its deadline and message size.</summary>
    public static readonly IReadOnlySet<string> Methods = new HashSet<string>(StringComparer.Ordinal)
    {
        "/camerabeheer.v1.FootageRequests/Submit",
        "/camerabeheer.v1.FootageRequests/Approve",
        "/camerabeheer.v1.FootageRequests/Retry",
        "/camerabeheer.v1.FootageRequests/Download",
        "/camerabeheer.v1.Retention/Sweep",
        "/camerabeheer.v1.Retention/Report",
        "/camerabeheer.v1.Cameras/Events",
        "/camerabeheer.v1.Guests/History",
        "/camerabeheer.v1.Audit/Verify",
    };

    public const string RetryAfterTrailer = "retry-after-ms";
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    private readonly ExpensiveCallOptions _options;
    private readonly PartitionedRateLimiter<(string Method, string Caller)> _budgets;

    public ExpensiveCallLimiter(IOptions<ApiLimitsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.ExpensiveCalls;
        var perWindow = new FixedWindowRateLimiterOptions
        {
            PermitLimit = _options.PermitLimit,
            Window = _options.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _budgets = PartitionedRateLimiter.Create<(string Method, string Caller), (string, string)>(
            key => RateLimitPartition.GetFixedWindowLimiter(key, _ => perWindow));
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        using var lease = Acquire(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        using var lease = Acquire(context);
        await continuation(request, responseStream, context);
    }

    /// <summary>Takes one call from the caller's budget for this method, or refuses the call.</summary>
    private RateLimitLease? Acquire(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Methods.Contains(context.Method)) return null;
        var caller = context.GetHttpContext().User.FindFirst(TokenContract.NameClaim)?.Value ?? "";
        var lease = _budgets.AttemptAcquire((context.Method, caller));
        if (lease.IsAcquired) return lease;

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _options.Window;
        lease.Dispose();
        var ms = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalMilliseconds));
        var method = context.Method.TrimStart('/').Replace("camerabeheer.v1.", "", StringComparison.Ordinal);
        var trailers = new Metadata
        {
            { RetryAfterTrailer, ms.ToString(CultureInfo.InvariantCulture) },
            { RetryPushbackTrailer, ms.ToString(CultureInfo.InvariantCulture) },
        };
        throw new RpcException(new Status(StatusCode.ResourceExhausted,
            $"too many {method} calls from {caller}: at most {_options.PermitLimit} per {Describe(_options.Window)} (Limits:ExpensiveCalls); try again in {Describe(retryAfter)}"),
            trailers);
    }

    private static string Describe(TimeSpan t) =>
        t >= TimeSpan.FromMinutes(2) ? $"{Math.Ceiling(t.TotalMinutes):0} minutes"
        : t >= TimeSpan.FromSeconds(1) ? $"{Math.Ceiling(t.TotalSeconds):0} s"
        : $"{Math.Ceiling(t.TotalMilliseconds):0} ms";

    public void Dispose() => _budgets.Dispose();
}
