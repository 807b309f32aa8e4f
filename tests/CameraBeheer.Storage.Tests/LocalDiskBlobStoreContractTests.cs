namespace CameraBeheer.Storage.Tests;

/// <summary>The <see cref="IBlobStore"/> contract on a <see cref="LocalDiskBlobStore"/> over a fresh temp folder.</summary>
public sealed class LocalDiskBlobStoreContractTests : BlobStoreContractTests
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
