using CameraBeheer.Storage;
using Orleans.TestingHost;

namespace CameraBeheer.Grains.Tests.Persistence;

/// <summary>One in-process silo with the blob grain storage as default over a temp folder, for the counter grain's tests.</summary>
public sealed class CounterClusterFixture : IAsyncLifetime
{
    public TempFolder Folder { get; } = new("grains", onTmpfs: true);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Cluster = await StartAsync();

    /// <summary>Stops the cluster and starts a new one on the same folder, as a restart of the backend would.</summary>
    public async Task RestartAsync()
    {
        await Cluster.DisposeAsync();
        Cluster = await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Folder.Dispose();
    }

    private async Task<InProcessTestCluster> StartAsync()
    {
        var root = Folder.Path;
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSiloHost((_, host) => host.Services.AddLocalDiskBlobStore(root));
        // System.Text.Json as the host should configure it: plain JSON without Newtonsoft's "$type" names.
        builder.ConfigureSilo((_, silo) => silo.AddBlobGrainStorageAsDefault().UseSystemTextJsonGrainStorageSerializer());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}

/// <summary>The tests that share <see cref="CounterClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class CounterClusterCollection : ICollectionFixture<CounterClusterFixture>
{
    public const string Name = "counter-cluster";
}
