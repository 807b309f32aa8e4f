using CameraBeheer.Grains.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CameraBeheer.Grains.Tests.Persistence;

/// <summary>
/// What <c>Storage:Kind=AzureBlob</c> adds around the official provider: state written by our own provider before the
/// move is still found, the load test's storage-write figures count state writes, and the state container's name.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureGrainStateTests(AzuriteProcess azurite) : IAsyncDisposable
{
    private readonly AzureGrainStateHost _host = new(azurite);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task State_our_own_provider_wrote_before_the_move_is_read_then_written_in_the_official_layout_and_cleared_everywhere()
    {
        var grain = GrainId.Create("camera", $"domus-almere-poort/cam-{Guid.NewGuid():N}");
        var storage = await _host.StartProviderAsync();
        var store = _host.Services.GetRequiredService<IBlobStore>();
        var oldName = GrainStateBlobName.For(grain, "camera");
        await store.PutAsync(oldName, Encoding.UTF8.GetBytes("{\"Count\":41}"), BlobCondition.NotExists, Ct);

        var state = new GrainState<CounterState>();
        await storage.ReadStateAsync("camera", grain, state, Ct);

        Assert.Equal(41, state.State?.Count);
        Assert.True(state.RecordExists);
        Assert.Null(await _host.OfficialTextAsync(grain, "camera"));

        await storage.WriteStateAsync("camera", grain, state.With(42), Ct);

        Assert.Equal("{\"Count\":42}", await _host.OfficialTextAsync(grain, "camera"));
        var afterRestart = new GrainState<CounterState>();
        await (await _host.StartProviderAsync()).ReadStateAsync("camera", grain, afterRestart, Ct);
        Assert.Equal(42, afterRestart.State?.Count); // the official blob wins over the old copy still there

        await storage.ClearStateAsync("camera", grain, state, Ct);

        Assert.Null(await _host.OfficialTextAsync(grain, "camera"));
        Assert.Null(await store.GetAsync(oldName, Ct));
        var afterClear = new GrainState<CounterState>();
        await (await _host.StartProviderAsync()).ReadStateAsync("camera", grain, afterClear, Ct);
        Assert.False(afterClear.RecordExists);
        Assert.Equal(0, afterClear.State?.Count);
    }

    [Fact]
    public async Task Two_activations_migrating_the_same_old_state_cannot_both_write()
    {
        var grain = GrainId.Create("camera", $"domus-almere-poort/cam-{Guid.NewGuid():N}");
        var storage = await _host.StartProviderAsync();
        await _host.Services.GetRequiredService<IBlobStore>()
            .PutAsync(GrainStateBlobName.For(grain, "camera"), Encoding.UTF8.GetBytes("{\"Count\":1}"), BlobCondition.NotExists, Ct);
        var first = new GrainState<CounterState>();
        var second = new GrainState<CounterState>();
        await storage.ReadStateAsync("camera", grain, first, Ct);
        await storage.ReadStateAsync("camera", grain, second, Ct);

        await storage.WriteStateAsync("camera", grain, first.With(2), Ct);

        await Assert.ThrowsAsync<Orleans.Storage.InconsistentStateException>(() => storage.WriteStateAsync("camera", grain, second.With(3), Ct));
        Assert.Equal("{\"Count\":2}", await _host.OfficialTextAsync(grain, "camera"));
    }

    [Fact]
    public async Task Every_state_request_to_the_account_is_counted_where_the_load_test_reads_storage_writes()
    {
        var grain = GrainId.Create("counter", $"site/cam-{Guid.NewGuid():N}");
        var storage = await _host.StartProviderAsync();
        var counters = _host.Services.GetRequiredService<CountingBlobStore>();
        var state = new GrainState<CounterState>();
        await storage.ReadStateAsync("counter", grain, state, Ct);
        var writesBefore = counters.WriteRequests;

        for (var i = 1; i <= 3; i++)
        {
            await storage.WriteStateAsync("counter", grain, state.With(i), Ct);
        }

        Assert.Equal(writesBefore + 3, counters.WriteRequests);
        Assert.Equal("{\"Count\":3}", await _host.OfficialTextAsync(grain, "counter"));
    }

    [Theory]
    [InlineData(null, null, "camerabeheer-state")]
    [InlineData("site-almere", null, "site-almere-state")]
    [InlineData("site-almere", "almere-grains", "almere-grains")]
    public void The_state_container_is_the_blob_container_with_state_after_it_unless_configured(string? container, string? stateContainer, string expected)
    {
        Assert.Equal(expected, GrainStorageRegistration.StateContainerOf(Section(container, stateContainer)));
    }

    [Theory]
    [InlineData("a-container-name-of-sixty-one-characters-that-azure-accepts-x", null, "Storage:Container 'a-container-name-of-sixty-one-characters-that-azure-accepts-x' leaves no valid name for the grain state container")]
    [InlineData("camerabeheer", "Grains_State", "Storage:StateContainer 'Grains_State' is not a valid container name")]
    public void A_state_container_name_azure_would_refuse_is_refused_naming_the_key(string? container, string? stateContainer, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => GrainStorageRegistration.StateContainerOf(Section(container, stateContainer)));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    private static IConfigurationSection Section(string? container, string? stateContainer) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Kind"] = "AzureBlob",
            ["Storage:Container"] = container,
            ["Storage:StateContainer"] = stateContainer,
        })
        .Build()
        .GetSection("Storage");
}
