namespace CameraBeheer.Storage.Tests;

/// <summary>The <see cref="IBlobStore"/> contract on an <see cref="InMemoryBlobStore"/>.</summary>
public sealed class InMemoryBlobStoreContractTests : BlobStoreContractTests
{
    protected override ValueTask<IBlobStore> CreateStoreAsync() => ValueTask.FromResult<IBlobStore>(new InMemoryBlobStore());

    protected override ValueTask DeleteStoreAsync() => ValueTask.CompletedTask;
}
