namespace CameraBeheer.Grains.Tests.Persistence;

/// <summary>The grain storage under a real silo; the provider on its own, over each store, is in <see cref="GrainStorageContractTests"/>.</summary>
[Collection(CounterClusterCollection.Name)]
public sealed class BlobGrainStorageTests(CounterClusterFixture fixture)
{
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
}
