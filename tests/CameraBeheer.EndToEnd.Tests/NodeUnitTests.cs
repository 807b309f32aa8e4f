namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// deploy/systemd/camerabeheer-node@.service started as systemd would start it (its ExecStart, its EnvironmentFile with
/// the instance name filled in), against the three-node recipe: the node joins the running cluster. Only the recipe's
/// ports and folders are moved, as start-cluster.sh moves them for a test.
/// </summary>
public sealed class NodeUnitTests
{
    private static string NodeUnit => Path.Combine(TestPaths.RepoRoot, "deploy", "systemd", "camerabeheer-node@.service");

    [Fact]
    public async Task The_node_unit_with_its_env_file_joins_the_running_cluster()
    {
        await using var cluster = await ThreeNodeCluster.StartAsync();
        await cluster.StopNodeAsync(3);
        using var one = cluster.Client(1, "admin");
        await Eventually.GetAsync(() => one.Site.StatusAsync(new SiteStatusRequest()).ResponseAsync, s => s.SilosActive == 2,
            "node3 gone from the cluster", TimeSpan.FromMinutes(2));

        var unit = ReadUnit(instance: "node3");
        Assert.Equal("/etc/camerabeheer/node3.env", unit.EnvironmentFile);
        var environment = ReadEnvFile(Path.Combine(ThreeNodeCluster.ScriptFolder, "node3.env"), cluster, node: 3);
        Assert.Equal("node3", environment["CAMERABEHEER_Cluster__SiloName"]);

        // The host as the unit runs it (no arguments of the kit's own); stopped with SIGTERM, the unit's KillSignal.
        await using var node = HostProcess.Launch(cluster.DataDirectory(3), cluster.PortBase + 13, cluster.MqttPort, unit.Arguments, withDefaults: false, environment: environment);
        await node.WaitReadyAsync(TimeSpan.FromMinutes(3));

        var status = await Eventually.GetAsync(() => one.Site.StatusAsync(new SiteStatusRequest()).ResponseAsync, s => s.SilosActive == 3,
            "three active silos after the unit started node3", TimeSpan.FromMinutes(2));
        Assert.Equal(3, status.Silos);
        using var three = cluster.Client(3, "admin");
        Assert.Equal("node3", (await three.Site.StatusAsync(new SiteStatusRequest())).Silo);
    }

    private sealed record Unit(string EnvironmentFile, IReadOnlyList<string> Arguments);

    private static Unit ReadUnit(string instance)
    {
        string? environmentFile = null;
        var arguments = new List<string>();
        foreach (var raw in File.ReadAllLines(NodeUnit))
        {
            var line = raw.Trim().Replace("%i", instance, StringComparison.Ordinal);
            if (line.StartsWith("EnvironmentFile=", StringComparison.Ordinal)) environmentFile = line["EnvironmentFile=".Length..];
            // Every setting comes from the env file: an Environment= line here would be one this test does not check.
            Assert.False(line.StartsWith("Environment=", StringComparison.Ordinal), $"the node unit sets {line}; put it in the env file");
            if (!line.StartsWith("ExecStart=", StringComparison.Ordinal)) continue;
            var words = line["ExecStart=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var dll = Array.FindIndex(words, w => w.EndsWith("/CameraBeheer.Host.dll", StringComparison.Ordinal));
            Assert.True(dll > 0, $"ExecStart does not run CameraBeheer.Host.dll: {line}");
            arguments.AddRange(words[(dll + 1)..]);
        }
        return new Unit(environmentFile ?? throw new InvalidOperationException("the node unit has no EnvironmentFile="), arguments);
    }

    /// <summary>The env file as systemd reads it (KEY=VALUE, # comments), moved to the test cluster's ports and folder.</summary>
    private static Dictionary<string, string> ReadEnvFile(string file, ThreeNodeCluster cluster, int node)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var b = cluster.PortBase;
        foreach (var raw in File.ReadAllLines(file))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (line[..eq], line[(eq + 1)..]);
            value = value.Replace("127.0.0.1:10000", $"127.0.0.1:{b}", StringComparison.Ordinal)
                .Replace("127.0.0.1:10002", $"127.0.0.1:{b + 2}", StringComparison.Ordinal)
                .Replace("127.0.0.1:1883", $"127.0.0.1:{b + 3}", StringComparison.Ordinal);
            value = name switch
            {
                "CAMERABEHEER_Grpc__Port" => $"{b + 10 + node}",
                "CAMERABEHEER_Web__Port" => $"{b + 20 + node}",
                "CAMERABEHEER_Metrics__Port" => $"{b + 4 + node}",
                "CAMERABEHEER_Orleans__SiloPort" => $"{b + 30 + node}",
                "CAMERABEHEER_Orleans__GatewayPort" => $"{b + 40 + node}",
                "CAMERABEHEER_Data" => cluster.DataDirectory(node),
                _ => value,
            };
            environment[name] = value;
        }
        return environment;
    }
}
