using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace CameraBeheer.Storage.Tests;

/// <summary>
/// <see cref="BlobGrainStorage"/> used directly (no silo) over each store: the grain storage provider works unchanged on
/// local disk and on Azure Blob.
/// </summary>
public abstract class BlobGrainStorageContractTests : IAsyncLifetime
{
    private static readonly IActivatorProvider Activators =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>();

    protected IBlobStore Store { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract ValueTask<IBlobStore> CreateStoreAsync();

    protected abstract ValueTask DeleteStoreAsync();

    public async ValueTask InitializeAsync() => Store = await CreateStoreAsync();

    public async ValueTask DisposeAsync()
    {
        await DeleteStoreAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_second_writer_with_the_same_etag_gets_an_inconsistent_state_exception()
    {
        var storage = NewStorage();
        var grainId = GrainId.Create("counter", "site/cam-01");
        var first = new GrainState<CounterState>();
        var second = new GrainState<CounterState>();
        await storage.ReadStateAsync("counter", grainId, first, Ct);
        await storage.ReadStateAsync("counter", grainId, second, Ct);
        Assert.False(first.RecordExists);

        first.State = new CounterState { Count = 1 };
        await storage.WriteStateAsync("counter", grainId, first, Ct);
        second.State = new CounterState { Count = 100 };
        var neverRead = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync("counter", grainId, second, Ct));
        Assert.Equal(first.ETag, neverRead.StoredEtag);

        await storage.ReadStateAsync("counter", grainId, second, Ct);
        Assert.Equal(first.ETag, second.ETag);
        first.State = new CounterState { Count = 2 };
        await storage.WriteStateAsync("counter", grainId, first, Ct);
        second.State = new CounterState { Count = 200 };
        var stale = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", grainId, second, Ct));
        Assert.Equal(first.ETag, stale.StoredEtag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", grainId, second, Ct));

        var reread = new GrainState<CounterState>();
        await storage.ReadStateAsync("counter", grainId, reread, Ct);
        Assert.Equal(2, reread.State?.Count);
        Assert.True(reread.RecordExists);
        Assert.Equal(first.ETag, reread.ETag);
    }

    [Fact]
    public async Task State_roundtrips_as_legible_json_at_the_documented_name_and_clears()
    {
        var storage = NewStorage();
        var grainId = GrainId.Create("counter", "domus-almere-poort/cam-01");
        var state = new GrainState<CounterState>(new CounterState { Count = 42 });

        await storage.WriteStateAsync("counter", grainId, state, Ct);

        var blob = await Store.GetAsync("state/counter/domus-almere-poort/cam-01.json", Ct);
        Assert.Equal("{\"Count\":42}", Encoding.UTF8.GetString(blob!.Content.Span));
        Assert.Equal(state.ETag, blob.ETag);
        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync("counter", grainId, read, Ct);
        Assert.Equal(42, read.State?.Count);
        Assert.Equal(state.ETag, read.ETag);

        await storage.ClearStateAsync("counter", grainId, read, Ct);

        Assert.Null(await Store.GetAsync("state/counter/domus-almere-poort/cam-01.json", Ct));
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        await storage.WriteStateAsync("counter", grainId, read, Ct); // If-None-Match: * after a clear
    }

    private BlobGrainStorage NewStorage() =>
        new("direct", Store, new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions())), Activators);
}

/// <summary><see cref="BlobGrainStorage"/> over a <see cref="LocalDiskBlobStore"/>.</summary>
public sealed class LocalDiskBlobGrainStorageTests : BlobGrainStorageContractTests
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

/// <summary><see cref="BlobGrainStorage"/> over an <see cref="AzureBlobStore"/> in Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobGrainStorageTests(AzuriteProcess azurite) : BlobGrainStorageContractTests
{
    private AzureBlobStore? _store;

    protected override ValueTask<IBlobStore> CreateStoreAsync()
    {
        _store = new AzureBlobStore(azurite.NewContainer("grains"));
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

/// <summary><see cref="BlobGrainStorage"/> over an <see cref="InMemoryBlobStore"/>, as the edge simulator and benchmarks use it.</summary>
public sealed class InMemoryBlobGrainStorageTests : BlobGrainStorageContractTests
{
    protected override ValueTask<IBlobStore> CreateStoreAsync() => ValueTask.FromResult<IBlobStore>(new InMemoryBlobStore());

    protected override ValueTask DeleteStoreAsync() => ValueTask.CompletedTask;
}
