using CameraBeheer.Grains.Watching;
using CameraBeheer.Host.Grpc;

namespace CameraBeheer.Host.Hosting;

/// <summary>Live watch streams (alerts, police notifications): their timing, from the <c>Watch</c> section, and the piece that runs them.</summary>
public static class WatchRegistration
{
    public static WebApplicationBuilder AddWatching(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WatchOptions>()
            .Bind(builder.Configuration.GetSection(WatchOptions.Section))
            .Validate(o => o.KeepaliveEvery > TimeSpan.Zero && o.RenewEvery > TimeSpan.Zero && o.GiveUpAfter > TimeSpan.Zero && o.Buffer > 0,
                "Watch: KeepaliveEvery, RenewEvery and GiveUpAfter must be positive times (e.g. 00:00:15), Buffer a positive number")
            .ValidateOnStart();
        builder.Services.AddSingleton<GrainWatchStream>();
        return builder;
    }
}
