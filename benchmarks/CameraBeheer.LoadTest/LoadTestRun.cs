using System.Diagnostics;
using System.Globalization;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.LoadTest;

/// <summary>
/// One load-test run: a broker (Mosquitto unless given), the real backend subscribed to it, then alternating rounds of
/// raw pass-through (publishers → broker → a counting subscriber) and end to end (publishers → broker → backend, until
/// every event is acknowledged after its durable append), then a paced phase at half the saturated rate for latency.
/// </summary>
internal static class LoadTestRun
{
    /// <summary>As long as the contract's prefix <c>camerabeheer/v1/</c>, so both kinds of round move the same bytes; the backend does not subscribe to it.</summary>
    private const string RawPrefix = "loadtest/raw/v1/";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private sealed record RawRound(int Events, TimeSpan Elapsed, CpuShares.PerThousand Cpu)
    {
        public double Rate => Events / Elapsed.TotalSeconds;
    }

    private sealed record E2eRound(int Events, TimeSpan Elapsed, IngestStatisticsReply Before, IngestStatisticsReply After, long MaxInProgress, CpuShares.PerThousand Cpu)
    {
        public double Rate => Events / Elapsed.TotalSeconds;
        public double WritesPerEvent => (double)(After.StorageWriteRequests - Before.StorageWriteRequests) / Events;
        public long Taken => After.Accepted + After.Duplicates - Before.Accepted - Before.Duplicates;
        public long DeadLettered => After.DeadLettered - Before.DeadLettered;
        public long Duplicates => After.Duplicates - Before.Duplicates;
    }

    public static async Task<int> RunAsync(LoadTestOptions o, TextWriter output, CancellationToken cancellationToken)
    {
        var site = SiteConfigurationLoader.LoadFile(RepositoryPaths.SiteConfig);
        var cameras = Cameras(site, o.Cameras);
        var hostDll = o.HostDll ?? RepositoryPaths.HostDll;
        if (!File.Exists(hostDll))
            throw new LoadTestException($"no backend at {hostDll}: build it first (dotnet build CameraBeheer.sln -c Release) or pass --host-dll");
        var runTag = Guid.NewGuid().ToString("N")[..8];
        var work = Path.Combine(Path.GetTempPath(), $"camerabeheer-loadtest-{runTag}");
        Directory.CreateDirectory(work);

        MosquittoProcess? mosquitto = null;
        Backend? backend = null;
        RawSubscriber? raw = null;
        EdgeLoad? edge = null;
        ExportBeside? exportBeside = null;
        string ratioLine;
        string? exportLine = null;
        ChildProcess backendLog;
        try
        {
            string brokerHost;
            int brokerPort;
            if (o.Broker is { } given)
            {
                (brokerHost, brokerPort) = given;
            }
            else
            {
                var queueLimit = (int)Math.Min(int.MaxValue, Math.Max(1_000_000L, 4L * o.Events));
                mosquitto = await StartMosquittoAsync(work, queueLimit);
                brokerPort = mosquitto.Port;
                brokerHost = "127.0.0.1";
            }
            output.WriteLine(string.Create(Inv,
                $"load test: {o.Events} events per round, {o.Cameras} cameras, {o.InFlight} in flight, {o.Rounds} rounds of each after {o.Warmup} warm-up rounds; {Environment.ProcessorCount} cores"));
            output.WriteLine($"broker: {(mosquitto is null ? "given" : "mosquitto")} {brokerHost}:{brokerPort}; backend: {hostDll}");

            var siteConfig = AlertLatency.SiteConfigWithRule(RepositoryPaths.SiteConfig, work);
            backend = await Backend.StartAsync(hostDll, work, brokerHost, brokerPort, runTag, siteConfig, cancellationToken);
            backendLog = backend.Process;
            raw = await RawSubscriber.ConnectAsync(brokerHost, brokerPort, $"loadtest-{runTag}-raw", RawPrefix + "#", cancellationToken);
            edge = await EdgeLoad.ConnectAsync(brokerHost, brokerPort, site.Site.Id, cameras, runTag, cancellationToken);
            output.WriteLine($"backend ready at {backend.GrpcUrl}; {cameras.Count} publishers and the raw subscriber connected");
            var cpu = new CpuShares(mosquitto?.ProcessId, backend.Process.Id);
            if (o.ExportBeside)
            {
                // In the work folder, beside the backend's data folder: the same disk and page cache.
                exportBeside = await ExportBeside.CreateAsync(work, o.ExportMinutes, cancellationToken);
                output.WriteLine(exportBeside.Description);
            }
            output.WriteLine();

            var raws = new List<RawRound>();
            var e2es = new List<E2eRound>();
            var settles = new List<Settle>();
            var besides = new List<E2eRound>();
            // Round numbers up to 0 are the warm-up: the backend's JIT tiers its hot code up over the first tens of
            // thousands of events (its CPU per event halves over them), and the figures are of the backend as it runs.
            for (var round = 1 - o.Warmup; round <= o.Rounds; round++)
            {
                var name = round <= 0 ? "warm-up" : $"round {round}";
                var r = await RawRoundAsync(edge, raw, cpu, $"r{runTag}-raw{round}", o, cancellationToken);
                output.WriteLine(string.Create(Inv, $"raw  {name,-8} {r.Events} ev in {r.Elapsed.TotalSeconds,7:0.000} s = {r.Rate,8:0} ev/s  cpu per 1000 ev: {r.Cpu}"));
                var e = await EndToEndRoundAsync(edge, backend, cpu, $"r{runTag}-e2e{round}", o, cancellationToken);
                output.WriteLine(string.Create(Inv,
                    $"e2e  {name,-8} {e.Events} ev in {e.Elapsed.TotalSeconds,7:0.000} s = {e.Rate,8:0} ev/s  storage writes/event {e.WritesPerEvent:0.00}  ack p50 {e.After.AckLatencyP50Ms:0.00} ms p99 {e.After.AckLatencyP99Ms:0.00} ms ({e.After.AckLatencySamples} samples)  in progress at most {e.MaxInProgress}"));
                output.WriteLine($"     cpu per 1000 ev: {e.Cpu}");
                // Settled before the next round, so that no round pays for the previous one's leftover work.
                var settle = await SettleAsync(backend, cancellationToken);
                output.WriteLine($"     then {settle}");
                if (e.Taken != e.Events || e.DeadLettered != 0 || e.Duplicates != 0)
                    output.WriteLine(string.Create(Inv,
                        $"     WARNING: accepted+duplicates grew by {e.Taken} (expected {e.Events}); duplicates {e.Duplicates}, dead-lettered {e.DeadLettered}"));
                E2eRound? x = null;
                if (exportBeside is not null)
                {
                    // The same round again with an export running all through it: started first, so the round never runs
                    // without it, and stopped (and cleaned up) before the settle, so the next round starts quiet.
                    var running = exportBeside.Begin(cancellationToken);
                    x = await EndToEndRoundAsync(edge, backend, cpu, $"r{runTag}-e2ex{round}", o, cancellationToken);
                    var exported = await running.StopAsync();
                    output.WriteLine(string.Create(Inv,
                        $"e2e+x {name,-7} {x.Events} ev in {x.Elapsed.TotalSeconds,7:0.000} s = {x.Rate,8:0} ev/s  storage writes/event {x.WritesPerEvent:0.00}  ack p50 {x.After.AckLatencyP50Ms:0.00} ms p99 {x.After.AckLatencyP99Ms:0.00} ms  export beside: {exported}"));
                    output.WriteLine($"     then {await SettleAsync(backend, cancellationToken)}");
                    if (x.Taken != x.Events || x.DeadLettered != 0 || x.Duplicates != 0)
                        output.WriteLine(string.Create(Inv,
                            $"     WARNING: accepted+duplicates grew by {x.Taken} (expected {x.Events}); duplicates {x.Duplicates}, dead-lettered {x.DeadLettered}"));
                }
                if (round <= 0) continue;
                raws.Add(r);
                e2es.Add(e);
                settles.Add(settle);
                if (x is not null) besides.Add(x);
            }

            var rawRate = Median(raws.Select(r => r.Rate));
            var e2eRate = Median(e2es.Select(e => e.Rate));
            output.WriteLine();
            output.WriteLine(string.Create(Inv, $"raw pass-through: median {rawRate:0} ev/s  [{Join(raws.Select(r => r.Rate), "0")}]"));
            output.WriteLine(string.Create(Inv, $"end to end:       median {e2eRate:0} ev/s  [{Join(e2es.Select(e => e.Rate), "0")}]"));
            output.WriteLine(string.Create(Inv,
                $"storage write requests per event (e2e): median {Median(e2es.Select(e => e.WritesPerEvent)):0.00}  [{Join(e2es.Select(e => e.WritesPerEvent), "0.00")}]"));
            output.WriteLine(string.Create(Inv,
                $"ack latency at saturation (median of rounds): p50 {Median(e2es.Select(e => e.After.AckLatencyP50Ms)):0.00} ms, p99 {Median(e2es.Select(e => e.After.AckLatencyP99Ms)):0.00} ms"));

            output.WriteLine($"cpu per 1000 events (medians of rounds): raw {CpuShares.Median([.. raws.Select(r => r.Cpu)])}; e2e {CpuShares.Median([.. e2es.Select(e => e.Cpu)])}");
            output.WriteLine(string.Create(Inv,
                $"work after the last acknowledgement of a round (median): {Median(settles.Select(x => (double)x.Writes)):0} storage writes over {Median(settles.Select(x => x.Seconds)):0.0} s"));

            if (besides.Count > 0)
            {
                var withExport = Median(besides.Select(x => x.Rate));
                output.WriteLine(string.Create(Inv, $"end to end with an export beside: median {withExport:0} ev/s  [{Join(besides.Select(x => x.Rate), "0")}]"));
                output.WriteLine(string.Create(Inv,
                    $"ack latency at saturation with the export (median of rounds): p50 {Median(besides.Select(x => x.After.AckLatencyP50Ms)):0.00} ms, p99 {Median(besides.Select(x => x.After.AckLatencyP99Ms)):0.00} ms"));
                exportLine = string.Create(Inv,
                    $"ingest with export/without: {withExport / e2eRate:0.00} (cost {(1 - (withExport / e2eRate)) * 100:0} %; e2e {withExport:0} ev/s with, {e2eRate:0} ev/s without)");
            }

            var paced = await PacedPhaseAsync(edge, backend, $"r{runTag}-paced", o, 0.5 * e2eRate, cancellationToken);
            output.WriteLine(paced);
            output.WriteLine($"     then {await SettleAsync(backend, cancellationToken)}");
            try
            {
                output.WriteLine(await AlertLatency.MeasureAsync(backend, brokerHost, brokerPort, site.Site.Id, runTag, o.AlertSamples, cancellationToken));
            }
            catch (LoadTestException e)
            {
                // Said, and the run goes on: the throughput figures above stand whatever this phase finds.
                output.WriteLine($"alert latency: FAILED: {e.Message}");
            }
            ratioLine = string.Create(Inv, $"e2e/raw ratio: {e2eRate / rawRate:0.00} (e2e {e2eRate:0} ev/s, raw {rawRate:0} ev/s)");
        }
        finally
        {
            if (edge is not null) await edge.DisposeAsync();
            if (raw is not null) await raw.DisposeAsync();
            if (backend is not null) await backend.DisposeAsync();
            exportBeside?.Dispose();
            if (mosquitto is not null) await mosquitto.DisposeAsync();
            if (!o.Keep) TryDelete(work);
        }
        // After the backend has stopped, so that what its shutdown logged (work it had not finished) is counted too.
        output.WriteLine($"backend log, its shutdown included: {backendLog.WarningLines} warnings, {backendLog.ErrorLines} errors{(o.Keep ? $" ({backendLog.LogFile})" : "")}");
        foreach (var (message, count) in backendLog.NotableMessages) output.WriteLine(string.Create(Inv, $"  {count,5}x {message}"));
        if (o.Keep) output.WriteLine($"work folder kept: {work}");
        output.WriteLine(ratioLine);
        if (exportLine is not null) output.WriteLine(exportLine);
        return 0;
    }

    private static async Task<RawRound> RawRoundAsync(EdgeLoad edge, RawSubscriber raw, CpuShares cpu, string tag, LoadTestOptions o, CancellationToken cancellationToken)
    {
        var received = raw.ExpectAsync(o.Events);
        var cpuBefore = cpu.Now();
        var start = Stopwatch.GetTimestamp();
        var publish = edge.PublishClosedLoopAsync(RawPrefix, tag, o.Events, o.InFlight, cancellationToken);
        var all = Task.WhenAll(publish, received);
        if (await Task.WhenAny(all, Task.Delay(o.RoundTimeout, cancellationToken)) != all)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new LoadTestException(string.Create(Inv,
                $"raw round {tag}: the subscriber received {raw.Received} messages in all, this round's {o.Events} not within {o.RoundTimeout.TotalSeconds:0} s"));
        }
        await all;
        return new RawRound(o.Events, Stopwatch.GetElapsedTime(start, received.Result), CpuShares.Between(cpuBefore, cpu.Now(), o.Events));
    }

    private static async Task<E2eRound> EndToEndRoundAsync(EdgeLoad edge, Backend backend, CpuShares cpu, string tag, LoadTestOptions o, CancellationToken cancellationToken)
    {
        var before = await backend.StatisticsAsync(resetLatency: true, cancellationToken);
        var cpuBefore = cpu.Now();
        var start = Stopwatch.GetTimestamp();
        var publish = edge.PublishClosedLoopAsync(EdgeTopics.Prefix, tag, o.Events, o.InFlight, cancellationToken);
        var (after, elapsed, inProgress) = await WaitAcknowledgedAsync(backend, before, o.Events, start, publish, o.RoundTimeout, tag, cancellationToken);
        await publish;
        return new E2eRound(o.Events, elapsed, before, after, inProgress, CpuShares.Between(cpuBefore, cpu.Now(), o.Events));
    }

    private static async Task<string> PacedPhaseAsync(EdgeLoad edge, Backend backend, string tag, LoadTestOptions o, double rate, CancellationToken cancellationToken)
    {
        var events = Math.Max(1, (int)Math.Round(rate * o.PacedSeconds));
        var before = await backend.StatisticsAsync(resetLatency: true, cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var publish = edge.PublishPacedAsync(EdgeTopics.Prefix, tag, events, rate, maxInFlight: Math.Max(o.InFlight, 4096), cancellationToken);
        var (after, _, _) = await WaitAcknowledgedAsync(backend, before, events, start, publish, o.RoundTimeout, tag, cancellationToken);
        var (reached, lag) = await publish;
        var taken = after.Accepted + after.Duplicates - before.Accepted - before.Duplicates;
        var line = string.Create(Inv,
            $"ack latency at half the saturated rate ({rate:0} ev/s open loop for {o.PacedSeconds:0} s, {events} events, reached {reached:0} ev/s, worst lag {lag.TotalMilliseconds:0} ms): p50 {after.AckLatencyP50Ms:0.00} ms, p99 {after.AckLatencyP99Ms:0.00} ms ({after.AckLatencySamples} samples)");
        return taken == events ? line : string.Create(Inv, $"{line}  WARNING: accepted+duplicates grew by {taken}, expected {events}");
    }

    /// <summary>
    /// After the last acknowledgement, watches the backend's storage writes until they stop for a second (at most a
    /// minute): work the backend still does for events it has already acknowledged, such as messages between grains.
    /// </summary>
    private static async Task<Settle> SettleAsync(Backend backend, CancellationToken cancellationToken)
    {
        var first = await backend.StatisticsAsync(resetLatency: false, cancellationToken);
        var clock = Stopwatch.StartNew();
        var last = first;
        var lastChange = TimeSpan.Zero;
        while (clock.Elapsed - lastChange < Quiet && clock.Elapsed < SettleLimit)
        {
            await Task.Delay(200, cancellationToken);
            var now = await backend.StatisticsAsync(resetLatency: false, cancellationToken);
            if (now.StorageWriteRequests != last.StorageWriteRequests || now.Acknowledged != last.Acknowledged) lastChange = clock.Elapsed;
            last = now;
        }
        return new Settle(last.StorageWriteRequests - first.StorageWriteRequests, lastChange.TotalSeconds, clock.Elapsed < SettleLimit);
    }

    /// <summary>How long no storage write may happen for the backend to count as idle: longer than its grains' checkpoint interval (2 s).</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2.5);

    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(90);

    /// <summary>What the backend still wrote after the last acknowledgement, and for how long.</summary>
    private sealed record Settle(long Writes, double Seconds, bool Settled)
    {
        public override string ToString() => Settled
            ? string.Create(Inv, $"{Writes} more storage writes in the {Seconds:0.0} s after the last acknowledgement")
            : string.Create(Inv, $"{Writes} more storage writes after the last acknowledgement, still writing after {SettleLimit.TotalSeconds:0} s");
    }

    /// <summary>
    /// Polls the backend until it has acknowledged <paramref name="events"/> more messages than in <paramref name="before"/>.
    /// The statistics call sorts the latency window, so it is asked often only near the end of a round.
    /// Also returns the most messages seen received but not yet acknowledged at one poll: how many the ingest works on at once.
    /// </summary>
    private static async Task<(IngestStatisticsReply After, TimeSpan Elapsed, long MaxInProgress)> WaitAcknowledgedAsync(
        Backend backend, IngestStatisticsReply before, int events, long start, Task publish, TimeSpan timeout, string tag, CancellationToken cancellationToken)
    {
        var target = before.Acknowledged + events;
        var maxInProgress = 0L;
        while (true)
        {
            if (publish.IsFaulted) await publish;
            var now = await backend.StatisticsAsync(resetLatency: false, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(start);
            maxInProgress = Math.Max(maxInProgress, now.Received - now.Acknowledged);
            if (now.Acknowledged >= target) return (now, elapsed, maxInProgress);
            if (elapsed > timeout)
                throw new LoadTestException(string.Create(Inv,
                    $"round {tag}: the backend acknowledged {now.Acknowledged - before.Acknowledged} of {events} events within {timeout.TotalSeconds:0} s (received {now.Received - before.Received}); try fewer --events"));
            var done = now.Acknowledged - before.Acknowledged;
            var eta = done > 0 ? elapsed.TotalSeconds * (target - now.Acknowledged) / done : 1;
            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(eta / 2, 0.01, 0.1)), cancellationToken);
        }
    }

    private static List<LoadCamera> Cameras(SiteConfiguration site, int count)
    {
        var cameras = new List<LoadCamera>(count);
        for (var i = 1; i <= count; i++)
        {
            var id = string.Create(Inv, $"cam-{i:D2}");
            var config = site.FindCamera(id) ?? throw new LoadTestException($"the site configuration has no camera {id}; use fewer --cameras");
            if (config.Regions.Count == 0) throw new LoadTestException($"camera {id} has no regions in the site configuration");
            cameras.Add(new LoadCamera(id, config.Regions[0]));
        }
        return cameras;
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Join(IEnumerable<double> values, string format) => string.Join(" ", values.Select(v => v.ToString(format, Inv)));

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

    /// <summary>
    /// The test kit's Mosquitto, configured so that nothing is dropped under load: a subscriber's queue holds 1000 messages
    /// by default (max_queued_messages), so a backend that falls behind would silently lose events; the queue is made large
    /// enough for every event of the run. max_inflight_messages 0 lifts the limit of 20 unacknowledged messages per v3
    /// client and the receive maximum the broker announces to v5 clients; towards a v5 subscriber the broker then honours
    /// that client's own receive maximum, as it would in production (deploy/mosquitto/mosquitto.conf leaves it at its default).
    /// </summary>
    private static async Task<MosquittoProcess> StartMosquittoAsync(string workFolder, int queueLimit)
    {
        var folder = Path.Combine(workFolder, "mosquitto");
        Directory.CreateDirectory(folder);
        try
        {
            return await MosquittoProcess.StartAsync(folder, persistence: false, maxQueuedMessages: queueLimit, extraConfig: """
                max_inflight_messages 0
                max_inflight_bytes 0
                set_tcp_nodelay true
                log_type error
                log_type warning
                log_type notice
                """);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            throw new LoadTestException($"{e.Message} (or pass --broker HOST:PORT)");
        }
    }
}
