using CameraBeheer.Grains;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// The site clock: the work done once per cluster (wake-ups, request deadlines, retention sweeps), driven by durable
/// reminders rather than by a timer in every process.
/// </summary>
public static class SiteClockRegistration
{
    public static WebApplicationBuilder AddSiteClock(this WebApplicationBuilder builder, ClusterSettings cluster)
    {
        builder.Services.Configure<SiteClockOptions>(builder.Configuration.GetSection("Cluster"));
        var wakeUp = builder.Configuration.GetValue("Cluster:WakeUpInterval", new SiteClockOptions().WakeUpInterval);
        var sweep = builder.Configuration.GetValue("Retention:SweepInterval", new RetentionOptions().SweepInterval);
        // Orleans refuses a shorter reminder at registration, deep in the start; say it here, with the keys to change.
        Check("Cluster:WakeUpInterval", wakeUp, cluster.MinimumReminderPeriod);
        Check("Retention:SweepInterval", sweep, cluster.MinimumReminderPeriod);
        builder.Services.AddSingleton<ControlRoomWakeUp>();
        builder.Services.AddSingleton<OwedAlertsWakeUp>();
        builder.Services.AddSingleton<ISiteChores, SiteChores>();
        builder.Services.AddHostedService<SiteClockStart>();
        return builder;
    }

    private static void Check(string key, TimeSpan value, TimeSpan minimum)
    {
        if (value < minimum)
            throw new ArgumentException($"{key} is {value}, shorter than a reminder may be ({minimum}); make it longer or lower Cluster:MinimumReminderPeriod");
    }
}
