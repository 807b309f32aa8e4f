using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// <c>Storage:Kind=AzureBlob</c> puts grain state in Orleans' official Azure blob grain storage: the real host process
/// against Azurite keeps a legal hold across a stop and a start, and the state lies in the official provider's layout
/// (<c>{state-name}-{grain-type}/{key}.json</c> in the container <c>{Storage:Container}-state</c>) as plain JSON.
/// </summary>
public sealed class AzureGrainStateEndToEndTests
{
    private const string Container = "cb-grain-state-e2e";

    [Fact]
    public async Task A_hold_placed_on_azure_storage_is_still_there_after_a_restart_and_lies_in_the_official_layout()
    {
        await using var azurite = new AzuriteProcess();
        await azurite.InitializeAsync();
        var azure = new Dictionary<string, string>
        {
            ["CAMERABEHEER_Storage__Kind"] = "AzureBlob",
            ["CAMERABEHEER_Storage__ConnectionString"] = azurite.ConnectionString,
            ["CAMERABEHEER_Storage__Container"] = Container,
        };
        var data = TestPaths.NewFolder("azure-grain-state");
        var now = DateTimeOffset.UtcNow;
        string holdId;

        await using (var host = await HostProcess.StartAsync(data, environment: azure))
        {
            using var manager = host.Client("manager");
            holdId = (await manager.Retention.PlaceHoldAsync(TestHolds.PoliceRequest(now))).Id;
            Assert.Equal(0, await host.StopAsync());
        }

        var state = new BlobContainerClient(azurite.ConnectionString, Container + "-state");
        var holdsBlob = Assert.Single(await NamesAsync(state, "holds-"));
        Assert.EndsWith("/domus-almere-poort.json", holdsBlob, StringComparison.Ordinal);
        var json = Encoding.UTF8.GetString((await state.GetBlobClient(holdsBlob).DownloadContentAsync()).Value.Content.ToArray());
        Assert.Contains("PL0900-2026-4711", json, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.DoesNotContain("CameraBeheer.", json, StringComparison.Ordinal); // no CLR type names
        // Nothing in our own provider's old layout: the blob store's container holds no grain state any more.
        Assert.Empty(await NamesAsync(new BlobContainerClient(azurite.ConnectionString, Container), "state/"));
        Assert.False(Directory.Exists(Path.Combine(data, "state")));

        await using var again = await HostProcess.StartAsync(data, environment: azure);
        using var police = again.Client("police");
        var holds = (await police.Retention.ListHoldsAsync(new ListHoldsRequest())).Holds;
        var kept = Assert.Single(holds, h => h.Id == holdId);
        Assert.Equal("PL0900-2026-4711", kept.Reference);
    }

    private static async Task<List<string>> NamesAsync(BlobContainerClient container, string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }))
            names.Add(blob.Name);
        return names;
    }
}
