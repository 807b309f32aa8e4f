using CameraBeheer.Domain.Sites;
using CameraBeheer.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace CameraBeheer.Grains.Tests;

/// <summary>
/// One in-process silo with the blob grain storage as default over a temp folder, and a fake clock the tests move,
/// shared by the grain tests. The clock outlives restarts, as the wall clock would.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TempFolder Folder { get; } = new("grains", onTmpfs: true);

    /// <summary>The silo's <see cref="TimeProvider"/>; it only moves forward, so each test moves it to a day of its own.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));

    /// <summary>The silo's export runner: records which requests it was asked to export; outlives restarts, like <see cref="Clock"/>.</summary>
    public RecordingExportJobs Exports { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The blob store the silo uses, to look at or change what the grains wrote.</summary>
    public IBlobStore Store => Cluster.Silos[0].ServiceProvider.GetRequiredService<IBlobStore>();

    public static string RealSiteFile => TestPaths.SiteConfig;

    /// <summary>The areas of the silo whose clock Orleans lets us choose apart from the grains' (<see cref="TimeProviderNames"/>).</summary>
    internal static readonly string[] SiloUpkeepClocks =
    [
        TimeProviderNames.Membership, TimeProviderNames.Messaging, TimeProviderNames.SystemTimers,
        TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory,
    ];

    public async ValueTask InitializeAsync() => Cluster = await StartAsync();

    /// <summary>Stops the cluster and starts a new one on the same folder, as a restart of the backend would.</summary>
    public async Task RestartAsync()
    {
        await Cluster.DisposeAsync();
        Cluster = await StartAsync();
    }

    /// <summary>
    /// Kills the silo (no grain deactivates, nothing is saved on the way out) and starts a new cluster on the same
    /// folder, as a crash and a restart of the backend would.
    /// </summary>
    public async Task CrashAndRestartAsync()
    {
        await Cluster.KillSiloAsync(Cluster.Silos[0]);
        await Cluster.DisposeAsync();
        Cluster = await StartAsync();
    }

    /// <summary>Moves the clock to <paramref name="timeOfDay"/> (UTC) on a day no earlier test has used.</summary>
    public DateTimeOffset MoveClockToFreshDay(TimeSpan timeOfDay)
    {
        var next = Clock.GetUtcNow().UtcDateTime.Date.AddDays(2) + timeOfDay;
        Clock.SetUtcNow(new DateTimeOffset(next, TimeSpan.Zero));
        return Clock.GetUtcNow();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Folder.Dispose();
    }

    private async Task<InProcessTestCluster> StartAsync()
    {
        var root = Folder.Path;
        var clock = Clock;
        var exports = Exports;
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton<TimeProvider>(clock);
            // The grains and their timers live on the fake clock; Orleans' own upkeep keeps real time. A test moves the
            // clock weeks or months ahead at once, and the fake clock replays every tick of a periodic timer on the way:
            // the silo's health and membership loops ran millions of ticks inline, saw their own silo stalled, and on a
            // loaded machine the cluster went down mid-run (CI, 30 Nov: 40 tests "cluster has been stopped").
            foreach (var upkeep in SiloUpkeepClocks)
                host.Services.AddKeyedSingleton(upkeep, TimeProvider.System);
            host.Services.AddSingleton<IFootageExportJobs>(exports);
            host.Services.AddLocalDiskBlobStore(root);
            // The real site: camera grains pass motion on to the zones their regions and presets feed.
            host.Services.AddSingleton(SiteConfigurationLoader.LoadFile(RealSiteFile));
        });
        // System.Text.Json as the host configures it: plain JSON without Newtonsoft's "$type" names.
        builder.ConfigureSilo((_, silo) => silo.AddBlobGrainStorageAsDefault().UseSystemTextJsonGrainStorageSerializer());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}

/// <summary>The tests that share <see cref="ClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
