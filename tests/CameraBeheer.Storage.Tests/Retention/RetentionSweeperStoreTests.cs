namespace CameraBeheer.Storage.Tests.Retention;

/// <summary>The retention sweep on a <see cref="LocalDiskBlobStore"/> over a fresh temp folder.</summary>
public sealed class LocalDiskRetentionSweeperTests : RetentionSweeperTests
{
    private readonly TempLocalDiskStore _disk = new();

    protected override ValueTask<IBlobStore> CreateStoreAsync() => ValueTask.FromResult<IBlobStore>(_disk.Store);

    protected override ValueTask DeleteStoreAsync() => _disk.DisposeAsync();
}

/// <summary>The retention sweep on an <see cref="AzureBlobStore"/> over a fresh container in Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureRetentionSweeperTests(AzuriteProcess azurite) : RetentionSweeperTests
{
    private readonly TempAzureStore _container = new(azurite, "retention");

    protected override ValueTask<IBlobStore> CreateStoreAsync() => ValueTask.FromResult<IBlobStore>(_container.Store);

    protected override ValueTask DeleteStoreAsync() => _container.DisposeAsync();
}

/// <summary>The retention sweep on an <see cref="InMemoryBlobStore"/>.</summary>
public sealed class InMemoryRetentionSweeperTests : RetentionSweeperTests
{
    protected override ValueTask<IBlobStore> CreateStoreAsync() => ValueTask.FromResult<IBlobStore>(new InMemoryBlobStore(Clock));

    protected override ValueTask DeleteStoreAsync() => ValueTask.CompletedTask;
}
