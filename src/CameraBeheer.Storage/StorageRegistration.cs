using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace CameraBeheer.Storage;

/// <summary>Registers the blob store and the grain storage built on it.</summary>
public static class StorageRegistration
{
    /// <summary>Registers a <see cref="LocalDiskBlobStore"/> over <paramref name="root"/> as the singleton <see cref="IBlobStore"/>,
    /// counted by a <see cref="CountingBlobStore"/>.</summary>
    public static IServiceCollection AddLocalDiskBlobStore(this IServiceCollection services, string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        services.AddSingleton(sp => new LocalDiskBlobStore(new LocalDiskBlobStoreOptions { Root = root }, sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new CountingBlobStore(sp.GetRequiredService<LocalDiskBlobStore>()));
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<CountingBlobStore>());
        services.AddSingleton<EventLog>();
        return services;
    }

    /// <summary>Makes <see cref="BlobGrainStorage"/> over the registered <see cref="IBlobStore"/> Orleans' default grain storage
    /// (<see cref="StorageNames.Default"/>).</summary>
    public static ISiloBuilder AddBlobGrainStorageAsDefault(this ISiloBuilder builder) =>
        builder.AddBlobGrainStorage(StorageNames.Default);

    /// <summary>Adds <see cref="BlobGrainStorage"/> over the registered <see cref="IBlobStore"/> under <paramref name="name"/>;
    /// state is serialized with the silo's <see cref="IGrainStorageSerializer"/>.</summary>
    public static ISiloBuilder AddBlobGrainStorage(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.AddGrainStorage(name, (services, providerName) => new BlobGrainStorage(
            providerName,
            services.GetRequiredService<IBlobStore>(),
            services.GetRequiredService<IGrainStorageSerializer>(),
            services.GetRequiredService<IActivatorProvider>()));
        return builder;
    }
}
