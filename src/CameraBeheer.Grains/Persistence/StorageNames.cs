using Orleans.Providers;

// In the grains' own namespace: every grain names its provider with it, and none needs a using for it.
namespace CameraBeheer.Grains;

/// <summary>Names of the grain storage providers, for <c>[PersistentState(name, StorageNames.Default)]</c>.</summary>
public static class StorageNames
{
    /// <summary>Orleans' default provider name, registered by <see cref="GrainStorageRegistration.AddGrainStorage"/>.</summary>
    public const string Default = ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME;
}
