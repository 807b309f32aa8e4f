using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace CameraBeheer.Storage.Tests;

[Collection(ClusterCollection.Name)]
public sealed class BlobGrainStorageTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restart_keeps_grain_state()
    {
        const string key = "domus-almere-poort/cam-01";
        var counter = fixture.Cluster.Client.GetGrain<ICounterGrain>(key);
        await counter.IncrementAsync();
        await counter.IncrementAsync();
        Assert.Equal(3, await counter.IncrementAsync());
        Assert.True(File.Exists(fixture.Folder.File("state/counter/domus-almere-poort/cam-01.json")));

        await fixture.RestartAsync();

        var afterRestart = fixture.Cluster.Client.GetGrain<ICounterGrain>(key);
        Assert.Equal(3, await afterRestart.GetAsync());
        Assert.Equal(4, await afterRestart.IncrementAsync());
    }

    [Fact]
    public async Task Clearing_state_deletes_the_blob_and_its_empty_folder()
    {
        var counter = fixture.Cluster.Client.GetGrain<ICounterGrain>("site-to-clear/cam-07");
        await counter.IncrementAsync();
        Assert.True(File.Exists(fixture.Folder.File("state/counter/site-to-clear/cam-07.json")));

        await counter.ClearAsync();

        Assert.False(Directory.Exists(fixture.Folder.File("state/counter/site-to-clear")));
        Assert.Equal(0, await counter.GetAsync());
        Assert.Equal(1, await counter.IncrementAsync());
    }

    [Fact]
    public async Task A_second_writer_with_the_same_etag_gets_an_inconsistent_state_exception()
    {
        using var folder = new TempFolder();
        var storage = NewStorage(folder);
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
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", grainId, second, Ct));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", grainId, second, Ct));

        var reread = new GrainState<CounterState>();
        await storage.ReadStateAsync("counter", grainId, reread, Ct);
        Assert.Equal(2, reread.State?.Count);
        Assert.True(reread.RecordExists);
        Assert.Equal(first.ETag, reread.ETag);
    }

    [Fact]
    public async Task State_is_legible_json_at_the_documented_path()
    {
        using var folder = new TempFolder();
        var storage = NewStorage(folder);
        var state = new GrainState<CounterState>(new CounterState { Count = 42 });

        await storage.WriteStateAsync("counter", GrainId.Create("counter", "domus-almere-poort/cam-01"), state, Ct);

        var json = await File.ReadAllTextAsync(folder.File("state/counter/domus-almere-poort/cam-01.json"), Encoding.UTF8, Ct);
        Assert.Equal("{\"Count\":42}", json);
    }

    private BlobGrainStorage NewStorage(TempFolder folder)
    {
        var silo = fixture.Cluster.Silos[0].ServiceProvider;
        return new BlobGrainStorage(
            "direct",
            new LocalDiskBlobStore(folder.Path),
            silo.GetRequiredService<IGrainStorageSerializer>(),
            silo.GetRequiredService<IActivatorProvider>());
    }
}
