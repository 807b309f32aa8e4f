namespace CameraBeheer.Storage.Tests;

/// <summary>
/// Tests run against every store, each test with an empty store of its own: the contract
/// (<see cref="BlobStoreContractTests"/>) and the retention sweep (<see cref="Retention.RetentionSweeperTests"/>).
/// </summary>
public abstract class StorePerTest : IAsyncLifetime
{
    protected IBlobStore Store { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An empty store for one test.</summary>
    protected abstract ValueTask<IBlobStore> CreateStoreAsync();

    /// <summary>Removes what <see cref="CreateStoreAsync"/> made.</summary>
    protected abstract ValueTask DeleteStoreAsync();

    public async ValueTask InitializeAsync() => Store = await CreateStoreAsync();

    public async ValueTask DisposeAsync()
    {
        await DeleteStoreAsync();
        GC.SuppressFinalize(this);
    }
}
