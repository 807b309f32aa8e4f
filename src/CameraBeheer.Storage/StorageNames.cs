using Orleans.Providers;

namespace CameraBeheer.Storage;

/// <summary>Names of the grain storage providers, for <c>[PersistentState(name, StorageNames.Default)]</c>.</summary>
public static class StorageNames
{
    /// <summary>Orleans' default provider name, registered by <c>AddBlobGrainStorageAsDefault</c>.</summary>
    public const string Default = ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME;
}
