using System.Diagnostics;
using System.Globalization;
using CameraBeheer.Cli;
using CameraBeheer.Contracts.Auth;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Domain.Sites;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CameraBeheer.LoadTest;

/// <summary>
/// The load test against 1, 2 or 3 silos of the deploy/cluster recipe (Azurite, Mosquitto with the shipped
/// configuration, hosts meeting in Azure Tables), started by its own script: alternating rounds of raw pass-through and
/// end to end (acknowledged events summed over the silos), and with <c>--kill-one</c> one more round during which the
/// last silo is SIGKILLed; its events are then read back from the event logs and counted.
/// </summary>
internal static class ClusterLoadRun
{
    private const string RawPrefix = "loadtest/raw/v1/";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(LoadTestOptions o, TextWriter output, CancellationToken cancellationToken)
    {
        var silos = o.Silos!.Value;
        var site = SiteConfigurationLoader.LoadFile(RepositoryPaths.SiteConfig);
        var cameras = Enumerable.Range(1, o.Cameras).Select(i => new LoadCamera($"cam-{i:D2}", site.FindCamera($"cam-{i:D2}")!.Regions[0])).ToList();
        var hostDll = o.HostDll ?? RepositoryPaths.HostDll;
        if (!File.Exists(hostDll)) throw new LoadTestException($"no backend at {hostDll}: build it first (dotnet build CameraBeheer.sln -c Release) or pass --host-dll");
        var runTag = Guid.NewGuid().ToString("N")[..8];
        var work = Path.Combine(Path.GetTempPath(), $"camerabeheer-loadtest-{runTag}");
        Directory.CreateDirectory(work);
        ThreeNodeCluster? cluster = null;
        RawSubscriber? raw = null;
        EdgeLoad? edge = null;
        var clients = new Dictionary<int, CameraBeheerClient>();
        string? clusterLine = null;
        string ratioLine;
        try
        {
            output.WriteLine(string.Create(Inv, $"cluster load test: {silos} silo(s) of deploy/cluster, {o.Events} events per round, {o.Cameras} cameras, {o.InFlight} in flight, {o.Rounds} rounds of each after a warm-up; {Environment.ProcessorCount} cores"));
            // The kill-one round reads every camera's event log back again and again until it is complete: far more than the
            // 60 expensive calls a minute a person gets (Limits:ExpensiveCalls). The nodes inherit this from the script.
            cluster = await StartClusterAsync(silos, hostDll, work);
            var broker = ("127.0.0.1", cluster.MqttPort);
            var token = cluster.Token(TokenContract.Roles.Admin, "Load test", TimeSpan.FromHours(8));
            for (var node = 1; node <= silos; node++) clients[node] = new CameraBeheerClient(cluster.GrpcUrl(node), token);
            raw = await RawSubscriber.ConnectAsync(broker.Item1, broker.Item2, $"loadtest-{runTag}-raw", RawPrefix + "#", cancellationToken);
            edge = await EdgeLoad.ConnectAsync(broker.Item1, broker.Item2, site.Site.Id, cameras, runTag, cancellationToken);
            output.WriteLine($"cluster ready (mosquitto {cluster.MqttEndpoint}, gRPC {string.Join(", ", clients.Values.Select(c => c.Channel.Target))})");

            var raws = new List<double>();
            var e2es = new List<double>();
            for (var round = 0; round <= o.Rounds; round++)
            {
                var name = round == 0 ? "warm-up" : $"round {round}";
                var received = raw.ExpectAsync(o.Events);
                var start = Stopwatch.GetTimestamp();
                await edge.PublishClosedLoopAsync(RawPrefix, $"r{runTag}-raw{round}", o.Events, o.InFlight, cancellationToken);
                await received.WaitAsync(o.RoundTimeout, cancellationToken);
                var rawRate = o.Events / Stopwatch.GetElapsedTime(start, received.Result).TotalSeconds;
                output.WriteLine(string.Create(Inv, $"raw  {name,-8} {rawRate,8:0} ev/s"));

                var before = await AcknowledgedAsync(clients, cancellationToken);
                start = Stopwatch.GetTimestamp();
                await edge.PublishClosedLoopAsync(EdgeTopics.Prefix, $"r{runTag}-e2e{round}", o.Events, o.InFlight, cancellationToken);
                while (await AcknowledgedAsync(clients, cancellationToken) < before + o.Events)
                {
                    if (Stopwatch.GetElapsedTime(start) > o.RoundTimeout) throw new LoadTestException($"e2e {name}: not every event acknowledged within {o.RoundTimeout.TotalSeconds:0} s");
                    await Task.Delay(20, cancellationToken);
                }
                var e2eRate = o.Events / Stopwatch.GetElapsedTime(start).TotalSeconds;
                output.WriteLine(string.Create(Inv, $"e2e  {name,-8} {e2eRate,8:0} ev/s over {silos} silo(s)"));
                if (round == 0) continue;
                raws.Add(rawRate);
                e2es.Add(e2eRate);
            }
            var (rawMedian, e2eMedian) = (Median(raws), Median(e2es));
            ratioLine = string.Create(Inv, $"silos: {silos}, e2e/raw ratio: {e2eMedian / rawMedian:0.00} (e2e {e2eMedian:0} ev/s, raw {rawMedian:0} ev/s)");

            if (o.KillOne)
                clusterLine = await KillOneRoundAsync(o, cluster, silos, edge, clients, cameras, site.Site.Id, $"r{runTag}-kill", output, cancellationToken);
        }
        finally
        {
            foreach (var client in clients.Values) client.Dispose();
            if (edge is not null) await edge.DisposeAsync();
            if (raw is not null) await raw.DisposeAsync();
            try
            {
                if (cluster is not null) await cluster.DisposeAsync();
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"note: {e.Message}");
            }
            if (o.Keep) output.WriteLine($"work folder kept: {work}");
            else TryDelete(work);
        }
        output.WriteLine(ratioLine);
        if (clusterLine is not null) output.WriteLine(clusterLine);
        return 0;
    }

    /// <summary>
    /// One more round at full load; once a third of it is acknowledged the last silo is SIGKILLed. Then the event logs
    /// are read back through a survivor until every event of the round is there (or <see cref="RecoveryLimit"/>): lost
    /// are the events not in any log, duplicated the log lines beyond one per event, recovered the seconds from the kill
    /// until the last event was stored.
    /// </summary>
    private static async Task<string> KillOneRoundAsync(LoadTestOptions o, ThreeNodeCluster cluster, int silos, EdgeLoad edge, Dictionary<int, CameraBeheerClient> clients,
        List<LoadCamera> cameras, string site, string tag, TextWriter output, CancellationToken cancellationToken)
    {
        var victim = silos;
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        var before = await AcknowledgedAsync(clients, cancellationToken);
        var publish = edge.PublishClosedLoopAsync(EdgeTopics.Prefix, tag, o.Events, o.InFlight, cancellationToken);
        while (await AcknowledgedAsync(clients, cancellationToken) < before + (o.Events / 3) && !publish.IsCompleted) await Task.Delay(10, cancellationToken);
        await cluster.KillAsync(victim);
        var killed = Stopwatch.GetTimestamp();
        clients.Remove(victim, out var dead);
        dead?.Dispose();
        output.WriteLine($"kill-one: node{victim} SIGKILLed with a third of {o.Events} events acknowledged; the rest keep coming");
        await publish;

        var survivor = clients[1];
        var (total, distinct) = (0, 0);
        var recovered = TimeSpan.Zero;
        while (true)
        {
            try
            {
                (total, distinct) = await CountAsync(survivor, site, cameras, tag, from, cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                // Until the dead silo is declared dead, calls that need its grains (the audit log) are answered so.
            }
            recovered = Stopwatch.GetElapsedTime(killed);
            if (distinct >= o.Events || recovered > RecoveryLimit) break;
            await Task.Delay(1000, cancellationToken);
        }
        // Redeliveries that arrive later would still be recognised; one more look shows none were stored twice meanwhile.
        (total, distinct) = await CountAsync(survivor, site, cameras, tag, from, cancellationToken);
        return string.Create(Inv, $"cluster: lost {o.Events - distinct}, duplicated {total - distinct}, recovered in {recovered.TotalSeconds:0} s");
    }

    private static async Task<(int Total, int Distinct)> CountAsync(CameraBeheerClient client, string site, List<LoadCamera> cameras, string tag, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var camera in cameras)
        {
            using var call = client.Cameras.Events(new CameraEventsRequest
            {
                Site = site,
                Camera = camera.Id,
                From = Timestamp.FromDateTimeOffset(from),
                To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(5)),
            }, cancellationToken: cancellationToken);
            await foreach (var e in call.ResponseStream.ReadAllAsync(cancellationToken))
                if (e.Id.StartsWith(tag + "-", StringComparison.Ordinal)) ids.Add(e.Id);
        }
        return (ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Messages acknowledged after their durable effect, summed over the silos (each counts its own).</summary>
    private static async Task<long> AcknowledgedAsync(Dictionary<int, CameraBeheerClient> clients, CancellationToken cancellationToken)
    {
        long sum = 0;
        foreach (var client in clients.Values)
            sum += (await client.Site.IngestStatisticsAsync(new IngestStatisticsRequest(), deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken)).Acknowledged;
        return sum;
    }

    /// <summary>The deploy/cluster recipe with <paramref name="silos"/> nodes, through the test kit's <see cref="ThreeNodeCluster"/>.</summary>
    private static async Task<ThreeNodeCluster> StartClusterAsync(int silos, string hostDll, string work)
    {
        try
        {
            return await ThreeNodeCluster.StartAsync(new Dictionary<string, string> { ["CAMERABEHEER_Limits__ExpensiveCalls__PermitLimit"] = "1000000" },
                nodes: silos, hostDll: hostDll, root: work);
        }
        catch (InvalidOperationException e)
        {
            throw new LoadTestException(e.Message);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"note: could not delete {folder}: {e.Message}");
        }
    }
}
