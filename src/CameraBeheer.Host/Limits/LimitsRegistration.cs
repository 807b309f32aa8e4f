using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;

namespace CameraBeheer.Host.Limits;

/// <summary>The API's limits: message sizes, deadline caps and per-caller budgets of expensive calls (section <c>Limits</c>).</summary>
public static class LimitsRegistration
{
    /// <summary>Registers gRPC with the size limits and the budget interceptor.</summary>
    public static WebApplicationBuilder AddGrpcWithLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiLimitsOptions>()
            .Bind(builder.Configuration.GetSection(ApiLimitsOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiLimitsOptions>, ApiLimitsValidation>();
        // One limiter for the process: the budgets must outlive each call.
        builder.Services.AddSingleton<ExpensiveCallLimiter>();
        builder.Services.AddGrpc(o => o.Interceptors.Add<ExpensiveCallLimiter>());
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IOptions<ApiLimitsOptions>>((o, limits) =>
        {
            o.MaxReceiveMessageSize = limits.Value.MaxRequestBytes;
            o.MaxSendMessageSize = limits.Value.MaxResponseBytes;
        });
        return builder;
    }

    /// <summary>Caps deadlines and refuses oversized requests; after authorisation, before the gRPC methods.</summary>
    public static WebApplication UseGrpcCallGuards(this WebApplication app)
    {
        app.UseMiddleware<GrpcCallGuards>();
        return app;
    }
}
