namespace CameraBeheer.Storage.Tests;

/// <summary>
/// An <see cref="AzureBlobStore"/> over a container of its own in Azurite, for one test: tests reuse blob names.
/// The store creates the container on first use; disposing deletes it.
/// </summary>
internal sealed class TempAzureStore(AzuriteProcess azurite, string purpose) : IAsyncDisposable
{
    public AzureBlobStore Store { get; } = new(azurite.NewContainer(purpose));

    public async ValueTask DisposeAsync() =>
        await Store.Container.DeleteIfExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
}
