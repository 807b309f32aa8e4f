namespace CameraBeheer.Storage.Tests;

/// <summary>The <see cref="IBlobStore"/> contract on an <see cref="AzureBlobStore"/> over a fresh container in Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreContractTests(AzuriteProcess azurite) : BlobStoreContractTests
{
    private readonly TempAzureStore _container = new(azurite, "contract");

    protected override ValueTask<IBlobStore> CreateStoreAsync() => ValueTask.FromResult<IBlobStore>(_container.Store);

    protected override ValueTask DeleteStoreAsync() => _container.DisposeAsync();
}
