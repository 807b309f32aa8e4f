using CameraBeheer.Grains.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace CameraBeheer.Grains.Tests.Persistence;

/// <summary>
/// What every grain storage the backend can run on must do, checked on each directly (no silo): the embedded default
/// (<see cref="BlobGrainStorage"/> on local disk) and Orleans' official Azure blob provider over Azurite, wired exactly
/// as <c>Storage:Kind=AzureBlob</c> wires it. "Restart" is a new provider instance over the same storage.
/// </summary>
public abstract class GrainStorageContractTests : IAsyncLifetime
{
    private const string StateName = "counter";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A fresh grain per test, its key with a '/' like the real ones (site/camera).</summary>
    protected GrainId Grain { get; } = GrainId.Create("counter", $"domus-almere-poort/cam-{Guid.NewGuid():N}");

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>A new provider instance over the storage of this test, as a (re)started silo would make it.</summary>
    protected abstract Task<IGrainStorage> StartProviderAsync();

    /// <summary>The state as stored for <paramref name="grainId"/>, in the provider's documented layout; null when absent.</summary>
    protected abstract Task<string?> StoredTextAsync(GrainId grainId, string stateName);

    [Fact]
    public async Task State_round_trips_as_plain_json_without_type_names()
    {
        var storage = await StartProviderAsync();
        var state = new GrainState<CounterState>(new CounterState { Count = 42 });

        await storage.WriteStateAsync(StateName, Grain, state, Ct);

        Assert.NotNull(state.ETag);
        Assert.True(state.RecordExists);
        Assert.Equal("{\"Count\":42}", await StoredTextAsync(Grain, StateName));
        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, Grain, read, Ct);
        Assert.Equal(42, read.State?.Count);
        Assert.Equal(state.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_gets_an_inconsistent_state_exception_and_changes_nothing()
    {
        var storage = await StartProviderAsync();
        var first = new GrainState<CounterState>();
        var second = new GrainState<CounterState>();
        await storage.WriteStateAsync(StateName, Grain, first.With(1), Ct);
        await storage.ReadStateAsync(StateName, Grain, second, Ct);
        await storage.WriteStateAsync(StateName, Grain, first.With(2), Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Grain, second.With(200), Ct));

        Assert.Equal("{\"Count\":2}", await StoredTextAsync(Grain, StateName));
        await storage.ReadStateAsync(StateName, Grain, second, Ct);
        Assert.Equal(first.ETag, second.ETag);
        await storage.WriteStateAsync(StateName, Grain, second.With(3), Ct); // after a fresh read it may write again
        Assert.Equal("{\"Count\":3}", await StoredTextAsync(Grain, StateName));
    }

    [Fact]
    public async Task A_writer_that_never_read_the_existing_state_gets_an_inconsistent_state_exception()
    {
        var storage = await StartProviderAsync();
        var first = new GrainState<CounterState>();
        var neverRead = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, Grain, first, Ct);
        await storage.ReadStateAsync(StateName, Grain, neverRead, Ct);
        Assert.False(first.RecordExists);

        await storage.WriteStateAsync(StateName, Grain, first.With(1), Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Grain, neverRead.With(100), Ct));
        Assert.Equal("{\"Count\":1}", await StoredTextAsync(Grain, StateName));
    }

    [Fact]
    public async Task Clear_removes_the_state_a_stale_clear_is_refused_and_a_write_after_a_clear_creates_it_anew()
    {
        var storage = await StartProviderAsync();
        var current = new GrainState<CounterState>();
        var stale = new GrainState<CounterState>();
        await storage.WriteStateAsync(StateName, Grain, current.With(1), Ct);
        await storage.ReadStateAsync(StateName, Grain, stale, Ct);
        await storage.WriteStateAsync(StateName, Grain, current.With(2), Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, Grain, stale, Ct));
        Assert.Equal("{\"Count\":2}", await StoredTextAsync(Grain, StateName));

        await storage.ClearStateAsync(StateName, Grain, current, Ct);

        Assert.Null(await StoredTextAsync(Grain, StateName));
        Assert.False(current.RecordExists);
        Assert.Equal(0, current.State?.Count);
        var reread = new GrainState<CounterState>();
        await (await StartProviderAsync()).ReadStateAsync(StateName, Grain, reread, Ct);
        Assert.False(reread.RecordExists);
        await storage.WriteStateAsync(StateName, Grain, current.With(7), Ct);
        Assert.Equal("{\"Count\":7}", await StoredTextAsync(Grain, StateName));
    }

    [Fact]
    public async Task A_new_provider_instance_reads_what_the_old_one_wrote_and_can_carry_on_writing()
    {
        var before = await StartProviderAsync();
        var state = new GrainState<CounterState>();
        await before.WriteStateAsync(StateName, Grain, state.With(5), Ct);
        var other = GrainId.Create("counter", $"another-site/cam-{Guid.NewGuid():N}");
        await before.WriteStateAsync(StateName, other, new GrainState<CounterState>().With(9), Ct);

        var after = await StartProviderAsync();
        var read = new GrainState<CounterState>();
        await after.ReadStateAsync(StateName, Grain, read, Ct);

        Assert.Equal(5, read.State?.Count);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        await after.WriteStateAsync(StateName, Grain, read.With(6), Ct);
        Assert.Equal("{\"Count\":6}", await StoredTextAsync(Grain, StateName));
        Assert.Equal("{\"Count\":9}", await StoredTextAsync(other, StateName));
    }
}

/// <summary>The embedded default: <see cref="BlobGrainStorage"/> over a <see cref="LocalDiskBlobStore"/>, at <c>state/{grain-type}/{key}.json</c>.</summary>
public sealed class LocalDiskGrainStorageContractTests : GrainStorageContractTests
{
    private readonly TempFolder _folder = new("grains", onTmpfs: true);
    private readonly List<LocalDiskBlobStore> _stores = [];

    protected override Task<IGrainStorage> StartProviderAsync()
    {
        var store = new LocalDiskBlobStore(_folder.Path);
        _stores.Add(store);
        return Task.FromResult<IGrainStorage>(new BlobGrainStorage("Default", store, GrainStorageKit.Serializer, GrainStorageKit.Activators));
    }

    protected override async Task<string?> StoredTextAsync(GrainId grainId, string stateName)
    {
        var file = _folder.File(GrainStateBlobName.For(grainId, stateName));
        return File.Exists(file) ? await File.ReadAllTextAsync(file, Ct) : null;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.AbandonedTempFilesSweep.WaitAsync(Ct);
        }

        _folder.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>
/// Orleans' official provider (Microsoft.Orleans.Persistence.AzureStorage) over Azurite, registered by
/// <see cref="GrainStorageRegistration.AddAzureBlobGrainStateAsDefault"/> as the host does for <c>Storage:Kind=AzureBlob</c>:
/// blobs <c>{state-name}-{grain-type}/{key}.json</c> in the container <c>{Storage:Container}-state</c>.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureOfficialGrainStorageContractTests(AzuriteProcess azurite) : GrainStorageContractTests
{
    private readonly AzureGrainStateHost _host = new(azurite);

    protected override Task<IGrainStorage> StartProviderAsync() => _host.StartProviderAsync();

    protected override Task<string?> StoredTextAsync(GrainId grainId, string stateName) => _host.OfficialTextAsync(grainId, stateName);

    public override async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>What the providers share in these tests: the host's serializer (System.Text.Json) and Orleans' activators.</summary>
internal static class GrainStorageKit
{
    public static IGrainStorageSerializer Serializer { get; } =
        new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

    public static IActivatorProvider Activators { get; } =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>();

    public static GrainState<CounterState> With(this GrainState<CounterState> state, int count)
    {
        state.State = new CounterState { Count = count };
        return state;
    }
}

/// <summary>
/// The services a silo with <c>Storage:Kind=AzureBlob</c> has for grain state, on a container pair of its own in Azurite:
/// the blob store (<c>AddBlobStore</c>) and the grain storage (<see cref="GrainStorageRegistration"/>).
/// </summary>
internal sealed class AzureGrainStateHost(AzuriteProcess azurite) : IAsyncDisposable
{
    private readonly List<ServiceProvider> _started = [];

    public string Container { get; } = $"grains-{Guid.NewGuid():N}"[..30];

    public string StateContainer => Container + GrainStorageRegistration.StateContainerSuffix;

    public IConfigurationSection StorageSection => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Kind"] = "AzureBlob",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Container"] = Container,
        })
        .Build()
        .GetSection("Storage");

    /// <summary>The services of the last provider started.</summary>
    public IServiceProvider Services => _started[^1];

    public async Task<IGrainStorage> StartProviderAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer();
        services.AddOptions();
        services.AddSingleton<IGrainStorageSerializer, SystemTextJsonGrainStorageSerializer>();
        services.AddBlobStore(StorageSection, defaultLocalRoot: "/nonexistent");
        services.AddAzureBlobGrainStateAsDefault(GrainStorageRegistration.StateContainerOf(StorageSection));
        var provider = services.BuildServiceProvider();
        _started.Add(provider);
        var lifecycle = new ManualSiloLifecycle();
        foreach (var participant in provider.GetServices<ILifecycleParticipant<ISiloLifecycle>>())
        {
            participant.Participate(lifecycle);
        }

        await lifecycle.StartAsync(TestContext.Current.CancellationToken);
        return provider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
    }

    /// <summary>The official provider's blob of that state: <c>{state-name}-{grain-id}.json</c> in the state container.</summary>
    public static string OfficialBlobName(GrainId grainId, string stateName) => $"{stateName}-{grainId}.json";

    public Task<string?> OfficialTextAsync(GrainId grainId, string stateName) =>
        TextAsync(StateContainer, OfficialBlobName(grainId, stateName));

    public async Task<string?> TextAsync(string container, string blobName)
    {
        var blob = new Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, container).GetBlobClient(blobName);
        try
        {
            var content = await blob.DownloadContentAsync(TestContext.Current.CancellationToken);
            return Encoding.UTF8.GetString(content.Value.Content.ToMemory().Span);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _started)
        {
            await provider.DisposeAsync();
        }

        foreach (var name in new[] { Container, StateContainer })
        {
            await new Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, name).DeleteIfExistsAsync();
        }
    }
}
