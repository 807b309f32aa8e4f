namespace CameraBeheer.EndToEnd.Tests;

/// <summary>A silo of a cluster needs Mosquitto and a name for its sessions: without either the real host stops at start with one line.</summary>
public sealed class ClusterIngestStartupTests
{
    private static Dictionary<string, string> Cluster() => new()
    {
        ["CAMERABEHEER_Cluster__Kind"] = "AzureStorage",
        ["CAMERABEHEER_Storage__Kind"] = "AzureBlob",
        // Never reached: the start stops before anything connects.
        ["CAMERABEHEER_Storage__ConnectionString"] = "UseDevelopmentStorage=true",
    };

    [Fact]
    public async Task A_cluster_silo_without_an_external_broker_refuses_to_start()
    {
        var environment = Cluster();
        environment["CAMERABEHEER_Cluster__SiloName"] = "node-1";
        Assert.Equal("error: Cluster:Kind AzureStorage needs Mqtt:Broker (Mosquitto): the embedded MQTT broker serves one node only, and silos cannot share it",
            await FailedStartAsync(environment));
    }

    [Fact]
    public async Task A_cluster_silo_without_a_name_refuses_to_start()
    {
        var line = await FailedStartAsync(Cluster(), "--broker", "127.0.0.1:1");
        Assert.StartsWith("error: Cluster:Kind AzureStorage needs Cluster:SiloName", line, StringComparison.Ordinal);
    }

    private static async Task<string> FailedStartAsync(Dictionary<string, string> environment, params string[] args) =>
        (await RefusedStart.ErrorLineAsync("cluster-start", args, environment)).ErrorLine;
}
