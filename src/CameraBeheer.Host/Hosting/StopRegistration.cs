namespace CameraBeheer.Host.Hosting;

/// <summary>How long a stop (SIGTERM, SIGINT) may take: set on purpose, below the 10 s an operator or systemd is promised.</summary>
public static class StopRegistration
{
    /// <summary>
    /// The hosted services (ingest drain, the Orleans silo, Kestrel's open calls) share this budget; what is not stored by
    /// then was not acknowledged either, and the edge sends it again (MQTT QoS 1, persistent session).
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(8);

    public static WebApplicationBuilder AddDeliberateStop(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        return builder;
    }
}
