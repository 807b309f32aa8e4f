using CameraBeheer.Grains.Watching;

namespace CameraBeheer.Host.Hosting;

/// <summary>The timing of live watch streams (alerts, police notifications), from the <c>Watch</c> section.</summary>
public static class WatchRegistration
{
    public static WebApplicationBuilder AddWatching(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WatchOptions>()
            .Bind(builder.Configuration.GetSection(WatchOptions.Section))
            .Validate(o => o.KeepaliveEvery > TimeSpan.Zero && o.RenewEvery > TimeSpan.Zero && o.GiveUpAfter > TimeSpan.Zero && o.Buffer > 0,
                "Watch: KeepaliveEvery, RenewEvery and GiveUpAfter must be positive times (e.g. 00:00:15), Buffer a positive number")
            .ValidateOnStart();
        return builder;
    }
}
