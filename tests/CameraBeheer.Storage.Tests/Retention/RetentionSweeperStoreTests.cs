namespace CameraBeheer.Storage.Tests.Retention;

/// <summary>The retention sweep on a <see cref="LocalDiskBlobStore"/> over a fresh temp folder.</summary>
public sealed class LocalDiskRetentionSweeperTests : RetentionSweeperTests
{
    private readonly TempFolder _folder = new();
    private LocalDiskBlobStore? _store;

    protected override ValueTask<IBlobStore> CreateStoreAsync()
    {
        _store = new LocalDiskBlobStore(_folder.Path);
        return ValueTask.FromResult<IBlobStore>(_store);
    }

    protected override async ValueTask DeleteStoreAsync()
    {
        if (_store is not null)
        {
            await _store.AbandonedTempFilesSweep.WaitAsync(Ct);
        }

        _folder.Dispose();
    }
}

/// <summary>The retention sweep on an <see cref="AzureBlobStore"/> over a fresh container in Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureRetentionSweeperTests(AzuriteProcess azurite) : RetentionSweeperTests
{
    private AzureBlobStore? _store;

    protected override ValueTask<IBlobStore> CreateStoreAsync()
    {
        _store = new AzureBlobStore(azurite.NewContainer("retention"));
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

/// <summary>The retention sweep on an <see cref="InMemoryBlobStore"/>.</summary>
public sealed class InMemoryRetentionSweeperTests : RetentionSweeperTests
{
    protected override ValueTask<IBlobStore> CreateStoreAsync() => ValueTask.FromResult<IBlobStore>(new InMemoryBlobStore(Clock));

    protected override ValueTask DeleteStoreAsync() => ValueTask.CompletedTask;
}
