using CameraBeheer.Grains.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

// In the grains' root namespace, like the other registrations: the host and the tests call it without a using.
namespace CameraBeheer.Grains;

/// <summary>Registers the grains' state storage (<see cref="StorageNames.Default"/>) for the configured <c>Storage:Kind</c>.</summary>
public static class GrainStorageRegistration
{
    /// <summary>The name the official Azure provider is registered under; the grains use <see cref="StorageNames.Default"/>,
    /// which counts its requests and falls back to state written before it (<see cref="LegacyStateFallbackGrainStorage"/>).</summary>
    public const string AzureBlobProviderName = "AzureBlob";

    /// <summary>The suffix of the state container's default name: <c>{Storage:Container}-state</c>.</summary>
    public const string StateContainerSuffix = "-state";

    /// <summary>
    /// The grain storage for <paramref name="storageSection"/> (normally <c>Storage</c>), over the blob store
    /// <c>AddBlobStore</c> registered from the same section (call that first): <c>Kind=LocalDisk</c> (default) keeps
    /// <see cref="BlobGrainStorage"/> (<c>state/{grain-type}/{key}.json</c> under the data folder); <c>Kind=AzureBlob</c> uses
    /// Orleans' Azure blob grain storage (Microsoft.Orleans.Persistence.AzureStorage) in the same account, in the container
    /// <c>StateContainer</c> (default <c>{Container}-state</c>). State is serialized with the silo's
    /// <see cref="IGrainStorageSerializer"/> on both (the host's is System.Text.Json: plain JSON, no CLR type names).
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public static ISiloBuilder AddGrainStorage(this ISiloBuilder silo, IConfiguration storageSection)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(storageSection);
        if (!string.Equals(storageSection["Kind"], StorageKinds.AzureBlob, StringComparison.OrdinalIgnoreCase))
        {
            return silo.AddBlobGrainStorageAsDefault();
        }

        silo.Services.AddAzureBlobGrainStateAsDefault(StateContainerOf(storageSection));
        return silo;
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

    /// <summary>
    /// Orleans' Azure blob grain storage under <see cref="AzureBlobProviderName"/>, on the registered
    /// <see cref="AzureStorageAccount"/>, in <paramref name="stateContainer"/>; and as <see cref="StorageNames.Default"/>
    /// the same provider counted into <see cref="CountingBlobStore"/> and falling back to state our
    /// <see cref="BlobGrainStorage"/> wrote in the blob store before.
    /// </summary>
    public static IServiceCollection AddAzureBlobGrainStateAsDefault(this IServiceCollection services, string stateContainer)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(stateContainer);
        services.AddAzureBlobGrainStorage(AzureBlobProviderName, options => options.Configure<AzureStorageAccount>((o, account) =>
        {
            o.BlobServiceClient = account.Service;
            o.ContainerName = stateContainer;
            // GrainStorageSerializer stays unset: Orleans then takes the silo's IGrainStorageSerializer.
        }));
        services.AddGrainStorage(StorageNames.Default, (sp, _) => new CountingGrainStorage(
            new LegacyStateFallbackGrainStorage(
                sp.GetRequiredKeyedService<IGrainStorage>(AzureBlobProviderName),
                sp.GetRequiredService<IBlobStore>(),
                sp.GetRequiredService<IGrainStorageSerializer>()),
            sp.GetRequiredService<CountingBlobStore>()));
        return services;
    }

    /// <summary><c>StateContainer</c>, or <c>{Container}-state</c> (<c>camerabeheer-state</c> by default).</summary>
    /// <exception cref="ArgumentException">The name breaks Azure's container rules; the message names the key.</exception>
    public static string StateContainerOf(IConfiguration storageSection)
    {
        ArgumentNullException.ThrowIfNull(storageSection);
        var configured = storageSection["StateContainer"];
        var key = KeyOf(storageSection, string.IsNullOrWhiteSpace(configured) ? "Container" : "StateContainer");
        var container = string.IsNullOrWhiteSpace(configured)
            ? (string.IsNullOrWhiteSpace(storageSection["Container"]) ? AzureBlobStoreOptions.DefaultContainer : storageSection["Container"]!) + StateContainerSuffix
            : configured;
        if (AzureBlobStoreOptions.ContainerNameProblem(container) is { } problem)
        {
            throw new ArgumentException(string.IsNullOrWhiteSpace(configured)
                ? $"{key} '{storageSection["Container"]}' leaves no valid name for the grain state container ('{container}': {problem}); set {KeyOf(storageSection, "StateContainer")}"
                : $"{key} '{container}' is not a valid container name: {problem}");
        }

        return container;
    }

    private static string KeyOf(IConfiguration section, string key) =>
        section is IConfigurationSection { Path.Length: > 0 } s ? $"{s.Path}:{key}" : key;
}
