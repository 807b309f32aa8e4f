using CameraBeheer.Storage;
using CameraBeheer.Storage.Retention;

namespace CameraBeheer.Host.Hosting;

/// <summary>The retention sweep (its timer is the site clock), the footage inventory for the report, and the free-space floor for new footage.</summary>
public static class RetentionRegistration
{
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RetentionOptions>(builder.Configuration.GetSection(RetentionOptions.Section));
        builder.Services.AddSingleton<RetentionSweeper>();
        builder.Services.AddSingleton<FootageInventory>();
        builder.Services.AddSingleton<RetentionSweepService>(); // run by the site clock's retention reminder
        builder.Services.AddFreeSpaceGuard(builder.Configuration.GetSection("Storage"));
        return builder;
    }
}
