using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CameraBeheer.Storage;

/// <summary>Registers the blob store (grain state on it is the grains' business: CameraBeheer.Grains' <c>Persistence/</c>).</summary>
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

    /// <summary>Registers an <see cref="AzureBlobStore"/> over <paramref name="container"/> as the singleton <see cref="IBlobStore"/>,
    /// counted by a <see cref="CountingBlobStore"/>. The settings are checked now; the container is created on first use.</summary>
    public static IServiceCollection AddAzureBlobStore(this IServiceCollection services, string connectionString, string container)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Made now (no I/O: the container client only parses the connection string) so bad settings fail at start-up.
        return services.AddAzureBlobStore(new AzureBlobStore(new AzureBlobStoreOptions { ConnectionString = connectionString, Container = container }));
    }

    /// <summary>
    /// Registers the blob store the configuration asks for. Keys, relative to <paramref name="storageSection"/> (normally
    /// <c>Storage</c>): <c>Kind</c> = <c>LocalDisk</c> (default) or <c>AzureBlob</c>; for LocalDisk an optional <c>Root</c>
    /// (default <paramref name="defaultLocalRoot"/>); for AzureBlob <c>ConnectionString</c> or <c>ServiceUri</c> (one is required,
    /// see <see cref="AzureStorageAccount"/>) and <c>Container</c> (default <c>camerabeheer</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A key is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddBlobStore(this IServiceCollection services, IConfiguration storageSection, string defaultLocalRoot)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(storageSection);
        var kind = storageSection["Kind"];
        if (string.IsNullOrWhiteSpace(kind) || kind.Equals(StorageKinds.LocalDisk, StringComparison.OrdinalIgnoreCase))
        {
            var root = storageSection["Root"];
            if (string.IsNullOrWhiteSpace(root))
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(defaultLocalRoot);
                root = defaultLocalRoot;
            }

            return services.AddLocalDiskBlobStore(root);
        }

        if (!kind.Equals(StorageKinds.AzureBlob, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"{AzureStorageAccount.KeyOf(storageSection, "Kind")} is '{kind}'; expected {StorageKinds.LocalDisk} or {StorageKinds.AzureBlob}");
        }

        // Also registered itself: the grains' state goes to the same account (CameraBeheer.Grains' Persistence/).
        var account = AzureStorageAccount.From(storageSection);
        services.AddSingleton(account);
        return services.AddAzureBlobStore(new AzureBlobStore(account.ContainerClient(account.Container)));
    }

    private static IServiceCollection AddAzureBlobStore(this IServiceCollection services, AzureBlobStore store)
    {
        services.AddSingleton(store);
        services.AddSingleton(sp => new CountingBlobStore(sp.GetRequiredService<AzureBlobStore>()));
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<CountingBlobStore>());
        services.AddSingleton<EventLog>();
        return services;
    }

    /// <summary>
    /// Wraps the registered <see cref="IBlobStore"/> in a <see cref="FreeSpaceGuardBlobStore"/> that refuses new footage
    /// while the volume of the <see cref="LocalDiskBlobStore"/>'s root has less than <paramref name="floorBytes"/> free;
    /// the guard is also registered as itself, for health checks. Call after the store is registered.
    /// </summary>
    /// <remarks>Only a local-disk store is guarded. An Azure container has no volume that fills up (the account's
    /// capacity is Azure's to manage, and a full account fails the write itself), so with <see cref="AzureBlobStore"/>
    /// this registers nothing.</remarks>
    /// <exception cref="InvalidOperationException">No <see cref="IBlobStore"/> is registered yet, or the guard already is.</exception>
    public static IServiceCollection AddFreeSpaceGuard(this IServiceCollection services, long floorBytes)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentOutOfRangeException.ThrowIfNegative(floorBytes);
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IBlobStore) && !d.IsKeyedService)
            ?? throw new InvalidOperationException(
                "AddFreeSpaceGuard wraps the registered IBlobStore: register the store first (AddBlobStore or AddLocalDiskBlobStore)");
        if (services.Any(d => d.ServiceType == typeof(FreeSpaceGuardBlobStore)))
        {
            throw new InvalidOperationException("AddFreeSpaceGuard was called twice: the blob store has a free-space guard already");
        }

        if (!services.Any(d => d.ServiceType == typeof(LocalDiskBlobStore) && !d.IsKeyedService))
        {
            return services;
        }

        services.Remove(registered);
        services.AddSingleton(sp => new FreeSpaceGuardBlobStore(
            ResolveRegistered(sp, registered),
            FreeSpaceGuardBlobStore.FreeBytesOnDriveOf(sp.GetRequiredService<LocalDiskBlobStore>().Root),
            floorBytes,
            sp.GetService<ILogger<FreeSpaceGuardBlobStore>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IMeterFactory>()));
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<FreeSpaceGuardBlobStore>());
        return services;
    }

    /// <summary>
    /// <see cref="AddFreeSpaceGuard(IServiceCollection, long)"/> with the floor from <paramref name="storageSection"/>
    /// (normally <c>Storage</c>): <c>FreeSpaceFloorMiB</c>, a whole number of MiB, default
    /// <see cref="FreeSpaceGuardBlobStore.DefaultFloorMiB"/>; 0 never refuses.
    /// </summary>
    /// <exception cref="ArgumentException">The setting is not a whole number of MiB; the message names it.</exception>
    public static IServiceCollection AddFreeSpaceGuard(this IServiceCollection services, IConfiguration storageSection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(storageSection);
        const long BytesPerMiB = 1024 * 1024;
        var value = storageSection["FreeSpaceFloorMiB"];
        var floorMiB = FreeSpaceGuardBlobStore.DefaultFloorMiB;
        if (!string.IsNullOrWhiteSpace(value)
            && (!long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out floorMiB) || floorMiB > long.MaxValue / BytesPerMiB))
        {
            throw new ArgumentException(
                $"{AzureStorageAccount.KeyOf(storageSection, "FreeSpaceFloorMiB")} is '{value}'; expected a whole number of MiB "
                + $"(default {FreeSpaceGuardBlobStore.DefaultFloorMiB}; 0 never refuses footage)");
        }

        return services.AddFreeSpaceGuard(floorMiB * BytesPerMiB);
    }

    private static IBlobStore ResolveRegistered(IServiceProvider services, ServiceDescriptor registered) =>
        registered.ImplementationInstance as IBlobStore
        ?? registered.ImplementationFactory?.Invoke(services) as IBlobStore
        ?? (IBlobStore)ActivatorUtilities.CreateInstance(services, registered.ImplementationType!);
}

/// <summary>The values of the <c>Storage:Kind</c> setting.</summary>
public static class StorageKinds
{
    /// <summary>A local folder (<see cref="LocalDiskBlobStore"/>); the default.</summary>
    public const string LocalDisk = "LocalDisk";

    /// <summary>An Azure Blob container (<see cref="AzureBlobStore"/>).</summary>
    public const string AzureBlob = "AzureBlob";
}
