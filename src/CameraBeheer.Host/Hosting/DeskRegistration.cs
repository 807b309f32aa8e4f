using CameraBeheer.Grains;
using CameraBeheer.Host.Grpc;

namespace CameraBeheer.Host.Hosting;

/// <summary>The gate desk: its audit helper, its part of the retention sweep, and waking its grains (at each tick of the site clock).</summary>
public static class DeskRegistration
{
    public static WebApplicationBuilder AddDesk(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeskCalls>();
        builder.Services.AddSingleton<DeskRetentionSweeper>();
        builder.Services.AddSingleton<DeskWakeUp>(); // run by the site clock
        return builder;
    }
}
