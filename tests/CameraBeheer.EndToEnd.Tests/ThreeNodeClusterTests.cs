namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The three-node recipe of deploy/cluster/ as an operator starts it: one cluster, one state, any node answers.</summary>
public sealed class ThreeNodeClusterTests
{
    [Fact]
    public async Task Three_nodes_started_by_the_recipe_share_one_state_and_each_answers_with_the_same_token()
    {
        await using var cluster = await ThreeNodeCluster.StartAsync();
        var now = DateTimeOffset.UtcNow;

        // Placed through node 1 (its grain may live on any node), read through nodes 2 and 3.
        using var first = cluster.Client(1, "manager");
        var hold = await first.Retention.PlaceHoldAsync(TestHolds.PoliceRequest(now, "PL0900-2026-0042"));

        foreach (var node in new[] { 2, 3 })
        {
            using var client = cluster.Client(node, "manager");
            var holds = (await client.Retention.ListHoldsAsync(new ListHoldsRequest())).Holds;
            Assert.Contains(holds, h => h.Id == hold.Id && h.Reference == "PL0900-2026-0042");
        }

        // The nodes keep grain state in the storage account, not on their own disks.
        Assert.All(new[] { 1, 2, 3 }, node => Assert.False(Directory.Exists(Path.Combine(cluster.DataDirectory(node), "state")),
            $"node{node} wrote grain state to its own disk"));
    }
}
