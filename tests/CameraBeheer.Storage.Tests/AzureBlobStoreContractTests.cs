namespace CameraBeheer.Storage.Tests;

/// <summary>The <see cref="IBlobStore"/> contract on an <see cref="AzureBlobStore"/> over a fresh container in Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreContractTests(AzuriteProcess azurite) : BlobStoreContractTests
{
    private AzureBlobStore? _store;

    protected override ValueTask<IBlobStore> CreateStoreAsync()
    {
        // A container of its own per test: the contract tests reuse names. The store creates it on first use.
        _store = new AzureBlobStore(azurite.NewContainer("contract"));
        return ValueTask.FromResult<IBlobStore>(_store);
    }

    protected override async ValueTask DeleteStoreAsync()
    {
        if (_store is not null)
        {
            await _store.Container.DeleteIfExistsAsync(cancellationToken: Ct);
        }
    }
}
