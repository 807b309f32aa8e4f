using CameraBeheer.Grains;
using Microsoft.Extensions.Options;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// The site clock: the work done once per cluster (wake-ups, request deadlines, retention sweeps), driven by durable
/// reminders rather than by a timer in every process.
/// </summary>
public static class SiteClockRegistration
{
    public static WebApplicationBuilder AddSiteClock(this WebApplicationBuilder builder, ClusterSettings cluster)
    {
        var validation = new SiteClockValidation(cluster);
        builder.Services.AddOptions<SiteClockOptions>().Bind(builder.Configuration.GetSection("Cluster")).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SiteClockOptions>>(validation);
        builder.Services.AddOptions<RetentionOptions>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RetentionOptions>>(validation);
        builder.Services.AddSingleton<ControlRoomWakeUp>();
        builder.Services.AddSingleton<OwedAlertsWakeUp>();
        builder.Services.AddSingleton<ISiteChores, SiteChores>();
        builder.Services.AddHostedService<SiteClockStart>();
        return builder;
    }
}
