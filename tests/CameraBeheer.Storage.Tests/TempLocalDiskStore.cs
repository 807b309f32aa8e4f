namespace CameraBeheer.Storage.Tests;

/// <summary>A <see cref="LocalDiskBlobStore"/> over a fresh temp folder, for one test.</summary>
internal sealed class TempLocalDiskStore : IAsyncDisposable
{
    private readonly TempFolder _folder = new();

    public TempLocalDiskStore() => Store = new LocalDiskBlobStore(_folder.Path);

    public LocalDiskBlobStore Store { get; }

    /// <summary>Waits for the store's sweep of abandoned temp files, which would otherwise race the folder's deletion.</summary>
    public async ValueTask DisposeAsync()
    {
        await Store.AbandonedTempFilesSweep.WaitAsync(TestContext.Current.CancellationToken);
        _folder.Dispose();
    }
}
