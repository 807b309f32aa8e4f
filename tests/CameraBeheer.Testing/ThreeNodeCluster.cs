using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CameraBeheer.Contracts.Auth;

namespace CameraBeheer.Testing;

/// <summary>
/// The three-node recipe of <c>deploy/cluster/</c>, started by its own script (<c>start-cluster.sh</c>): Azurite (blob
/// and table), Mosquitto with the shipped configuration, and three real host processes on loopback meeting in Azure
/// Tables. The test runs exactly what an operator runs; only the ports are moved (<c>--port-base</c>) so clusters of
/// parallel tests and other servers do not collide. The load test starts it with one, two or three nodes.
/// </summary>
public sealed class ThreeNodeCluster : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);
    private static readonly HashSet<int> BasesInUse = [];

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string? _siteConfig;
    private readonly string _hostDll;

    private ThreeNodeCluster(string root, int portBase, int nodes, IReadOnlyDictionary<string, string> environment, string? siteConfig, string hostDll)
    {
        Root = root;
        PortBase = portBase;
        Nodes = nodes;
        _environment = environment;
        _siteConfig = siteConfig;
        _hostDll = hostDll;
    }

    public static string ScriptFolder => Path.Combine(TestPaths.RepoRoot, "deploy", "cluster");

    /// <summary>Where the nodes' data folders, logs and process ids are.</summary>
    public string Root { get; }

    public int PortBase { get; }

    /// <summary>How many nodes it runs: node 1 to this.</summary>
    public int Nodes { get; }

    private string AllNodes => string.Join(' ', Enumerable.Range(1, Nodes));

    public int MqttPort => PortBase + 3;

    public string MqttEndpoint => $"127.0.0.1:{MqttPort}";

    /// <summary>Azurite's blob and table endpoints, as the nodes use them.</summary>
    public string StorageConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteProcess.AccountKey};BlobEndpoint=http://127.0.0.1:{PortBase}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{PortBase + 2}/devstoreaccount1;";

    public Uri GrpcUrl(int node) => new($"http://127.0.0.1:{PortBase + 10 + node}");

    public string DataDirectory(int node) => Path.Combine(Root, $"node{node}");

    public string Log(int node) => File.Exists(LogPath(node)) ? File.ReadAllText(LogPath(node)) : "";

    public string LogPath(int node) => Path.Combine(Root, $"node{node}.log");

    /// <summary>The process id of a node, or null when it is not running.</summary>
    public int? Pid(int node)
    {
        var file = Path.Combine(Root, $"node{node}.pid");
        if (!File.Exists(file) || !int.TryParse(File.ReadAllText(file).Trim(), out var pid)) return null;
        try
        {
            return Process.GetProcessById(pid).HasExited ? null : pid;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Starts the whole recipe and returns once every node printed its ready line.</summary>
    /// <param name="environment">Extra settings every node gets (the env files win where they set the same key).</param>
    /// <param name="nodes">How many of the recipe's three nodes to start.</param>
    /// <param name="hostDll">The backend the nodes run; the one built beside the tests when null.</param>
    /// <param name="root">Where the nodes keep their data and logs; a new folder under the test root when null.</param>
    public static async Task<ThreeNodeCluster> StartAsync(IReadOnlyDictionary<string, string>? environment = null, string? siteConfig = null,
        int nodes = 3, string? hostDll = null, string? root = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodes, 3);
        var cluster = new ThreeNodeCluster(root ?? TestPaths.NewFolder("cluster"), TakePortBase(), nodes, environment ?? new Dictionary<string, string>(), siteConfig,
            hostDll ?? TestPaths.HostDll);
        try
        {
            await cluster.RunScriptAsync("start-cluster.sh", cluster.AllNodes);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A crash of one node: SIGKILL, nothing flushed, its MQTT session and grains left behind.</summary>
    public async Task KillAsync(int node)
    {
        if (Pid(node) is not { } pid) return;
        using var process = Process.GetProcessById(pid);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>Brings a stopped or killed node back into the running cluster, as systemd's restart would.</summary>
    public Task StartNodeAsync(int node) => RunScriptAsync("start-cluster.sh", $"{node}");

    /// <summary>A clean stop of one node (SIGTERM).</summary>
    public Task StopNodeAsync(int node) => RunScriptAsync("stop-cluster.sh", $"{node}");

    /// <summary>A token every node accepts: they share the signing keys the first node made.</summary>
    public string Token(string role, string name = "Test User", TimeSpan? validFor = null) =>
        TestTokens.Issue(SigningKeyFile.Load(DataDirectory(1)), name, role, validFor ?? TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunScriptAsync("stop-cluster.sh", AllNodes);
        }
        finally
        {
            lock (BasesInUse) BasesInUse.Remove(PortBase);
        }
    }

    private async Task RunScriptAsync(string script, string nodes)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        info.ArgumentList.Add(Path.Combine(ScriptFolder, script));
        foreach (var a in new[] { "--root", Root, "--nodes", nodes }) info.ArgumentList.Add(a);
        if (script == "start-cluster.sh")
        {
            foreach (var a in new[] { "--port-base", $"{PortBase}", "--host-dll", _hostDll }) info.ArgumentList.Add(a);
            if (_siteConfig is not null)
            {
                info.ArgumentList.Add("--site-config");
                info.ArgumentList.Add(_siteConfig);
            }
        }
        foreach (var (name, value) in _environment) info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not run {script}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} --nodes \"{nodes}\" exited with {process.ExitCode}:\n{await output}\n{await errors}");
    }

    /// <summary>
    /// A block of 50 ports below Linux's ephemeral range (32768 and up, where the free ports of other tests come from),
    /// all free now and not taken by another cluster of this test run.
    /// </summary>
    private static int TakePortBase()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = 20000 + (Random.Shared.Next(0, 120) * 100);
            lock (BasesInUse)
            {
                if (BasesInUse.Contains(candidate) || !AllFree(candidate, 50)) continue;
                BasesInUse.Add(candidate);
                return candidate;
            }
        }
        throw new InvalidOperationException("no block of 50 free loopback ports between 20000 and 32000");
    }

    private static bool AllFree(int first, int count)
    {
        for (var port = first; port < first + count; port++)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
            }
            catch (SocketException)
            {
                return false;
            }
        }
        return true;
    }
}
