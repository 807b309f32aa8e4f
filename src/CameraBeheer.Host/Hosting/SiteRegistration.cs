namespace CameraBeheer.Host.Hosting;

/// <summary>Loads and validates the site configuration before anything starts; an invalid file stops the start.</summary>
public static class SiteRegistration
{
    public static SiteConfiguration AddSiteConfiguration(this WebApplicationBuilder builder, string file, ILogger startupLog)
    {
        var site = SiteConfigurationLoader.LoadFile(file);
        if (site.Retention.Days > 28)
            startupLog.LogWarning("Retention is set to {Days} days, longer than the four weeks of the facility's rules (Retention:AllowLongerThanFourWeeks is set)", site.Retention.Days);
        builder.Services.AddSingleton(site);
        return site;
    }
}
