using CameraBeheer.Edge.Configuration;
using CameraBeheer.Edge.Messaging;
using CameraBeheer.Edge.Video;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CameraBeheer.Edge.Disk;

/// <summary>Registers the low-disk guard of the footage folder.</summary>
public static class FootageDiskRegistration
{
    /// <summary>Registers <see cref="FootageDiskGuard"/> over <c>{state}/recording</c> (the recorders' folder) as <see cref="IFootageDisk"/>.</summary>
    public static IServiceCollection AddFootageDiskGuard(this IServiceCollection services, EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton<IFreeSpace, DriveFreeSpace>();
        services.AddSingleton(sp => new FootageDiskGuard(
            new FootageDiskGuardOptions
            {
                Folder = Path.Combine(options.ResolvedStateFolder, "recording"),
                MinimumFreeBytes = options.Disk.MinimumFreeMiB * 1024L * 1024,
                ResumeFreeBytes = options.Disk.ResumeFreeMiB * 1024L * 1024,
                CheckInterval = TimeSpan.FromSeconds(options.Disk.CheckSeconds),
            },
            sp.GetRequiredService<IFreeSpace>(),
            sp.GetRequiredService<EdgeHealth>(),
            sp.GetService<ILogger<FootageDiskGuard>>(),
            sp.GetService<TimeProvider>()));
        services.AddSingleton<IFootageDisk>(sp => sp.GetRequiredService<FootageDiskGuard>());
        services.AddHostedService(sp => sp.GetRequiredService<FootageDiskGuard>());
        return services;
    }
}
