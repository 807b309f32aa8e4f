namespace CameraBeheer.Host.Limits;

/// <summary>The API's limits: message sizes, deadline caps and per-caller budgets of expensive calls (section <c>Limits</c>).</summary>
public static class LimitsRegistration
{
    /// <summary>Registers gRPC with the size limits and the budget interceptor.</summary>
    public static WebApplicationBuilder AddGrpcWithLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(ApiLimitsOptions.Section).Get<ApiLimitsOptions>() ?? new ApiLimitsOptions();
        Check(limits);
        builder.Services.Configure<ApiLimitsOptions>(builder.Configuration.GetSection(ApiLimitsOptions.Section));
        // One limiter for the process: the budgets must outlive each call.
        builder.Services.AddSingleton<ExpensiveCallLimiter>();
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = limits.MaxRequestBytes;
            o.MaxSendMessageSize = limits.MaxResponseBytes;
            o.Interceptors.Add<ExpensiveCallLimiter>();
        });
        return builder;
    }

    /// <summary>Caps deadlines and refuses oversized requests; after authorisation, before the gRPC methods.</summary>
    public static WebApplication UseGrpcCallGuards(this WebApplication app)
    {
        app.UseMiddleware<GrpcCallGuards>();
        return app;
    }

    private static void Check(ApiLimitsOptions limits)
    {
        if (limits.MaxRequestBytes < 1024) throw new ArgumentException($"Limits:MaxRequestBytes {limits.MaxRequestBytes} is too small (at least 1024)");
        if (limits.MaxResponseBytes < 2 * 1024 * 1024) throw new ArgumentException($"Limits:MaxResponseBytes {limits.MaxResponseBytes} is too small: a download chunk is 1 MiB (at least 2097152)");
        foreach (var (name, value) in new[] { ("UnaryDeadline", limits.UnaryDeadline), ("LongUnaryDeadline", limits.LongUnaryDeadline), ("StreamDeadline", limits.StreamDeadline), ("ExpensiveCalls:Window", limits.ExpensiveCalls.Window) })
            if (value <= TimeSpan.Zero) throw new ArgumentException($"Limits:{name} must be a positive duration (hh:mm:ss), not {value}");
        if (limits.ExpensiveCalls.PermitLimit < 1) throw new ArgumentException($"Limits:ExpensiveCalls:PermitLimit must be at least 1, not {limits.ExpensiveCalls.PermitLimit}");
    }
}
