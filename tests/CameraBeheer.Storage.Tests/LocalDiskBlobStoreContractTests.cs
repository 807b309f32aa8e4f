namespace CameraBeheer.Storage.Tests;

/// <summary>The <see cref="IBlobStore"/> contract on a <see cref="LocalDiskBlobStore"/> over a fresh temp folder.</summary>
public sealed class LocalDiskBlobStoreContractTests : BlobStoreContractTests
{
    private readonly TempLocalDiskStore _disk = new();

    protected override ValueTask<IBlobStore> CreateStoreAsync() => ValueTask.FromResult<IBlobStore>(_disk.Store);

    protected override ValueTask DeleteStoreAsync() => _disk.DisposeAsync();
}
