namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// SIGTERM stops the real edge agent while it records and sends (real ffmpeg, the real host): it exits 0, and whatever
/// it had recorded but not yet seen acknowledged stays in its journal and arrives once it runs again.
/// </summary>
[Collection(SimulatedEdgeTests.Name)]
public sealed class EdgeStopTests
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task Sigterm_stops_a_recording_edge_with_exit_0_and_nothing_it_recorded_is_lost()
    {
        Assert.True(File.Exists("/usr/bin/ffmpeg"), "ffmpeg is not installed: ./test.sh installs it");
        var data = TestPaths.NewFolder("edge-stop");
        var siteFile = await SmallEdgeSite.WriteAsync(data);
        await using var host = await HostProcess.StartAsync(data, extraArgs: ["--site-config", siteFile]);
        try
        {
            var secretFile = await EdgeAgentProcess.AddAgentAsync(host, data, "the edge this test stops");
            using var operatorClient = host.Client("operator");

            var edge = EdgeAgentProcess.Start(data, host.MqttPort, siteFile, secretFile);
            await Eventually.GetAsync(() => StatusesAsync(operatorClient), s => s.Values.All(v => v == "online"), "every camera online", TimeSpan.FromMinutes(4));
            // Recording and sending: motion and segments in its journal.
            await Eventually.GetAsync(() => Task.FromResult(EdgeAgentProcess.JournaledEventIds(data).Count()), n => n >= 2, "events the edge records", TimeSpan.FromMinutes(2));

            var clock = Stopwatch.StartNew();
            var code = await edge.StopAsync(within: TimeSpan.FromSeconds(60));
            var stopTook = clock.Elapsed;
            Assert.True(code == 0, $"the edge exited {code} on SIGTERM:\n{edge.Log}");
            Measurements.Record($"edge: SIGTERM while recording exited after {stopTook.TotalSeconds:0.0} s");
            // A clean stop says goodbye: the agent's own offline status, so its cameras are offline at once.
            await Eventually.GetAsync(() => StatusesAsync(operatorClient), s => s.Values.All(v => v == "offline"), "every camera offline after the clean stop");

            // What it recorded is in its journal (acknowledged or not); started again, it sends what was not acknowledged.
            var recorded = EdgeAgentProcess.JournaledEventIds(data).ToHashSet(StringComparer.Ordinal);
            Assert.NotEmpty(recorded);
            var now = DateTimeOffset.UtcNow;
            edge = EdgeAgentProcess.Start(data, host.MqttPort, siteFile, secretFile);
            await Eventually.GetAsync(() => StatusesAsync(operatorClient), s => s.Values.All(v => v == "online"), "every camera online again", TimeSpan.FromMinutes(4));
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            HashSet<string> stored;
            // Looked at every few seconds, as an operator would: the event log call is rate-limited per caller.
            while (!recorded.IsSubsetOf(stored = await StoredIdsAsync(operatorClient, now)))
            {
                Assert.True(DateTime.UtcNow < deadline, $"events the edge recorded before its stop are missing: {string.Join(", ", recorded.Except(stored).Take(20))}\n{edge.Log}");
                await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
            }
            edge.Kill();
        }
        finally
        {
            EdgeAgentProcess.KillAll();
        }
    }

    private static async Task<HashSet<string>> StoredIdsAsync(Cli.CameraBeheerClient client, DateTimeOffset around) =>
        (await CameraEvents.IdsAsync(client, Site, "cam-01", around)).Concat(await CameraEvents.IdsAsync(client, Site, "cam-02", around)).ToHashSet(StringComparer.Ordinal);

    private static async Task<Dictionary<string, string>> StatusesAsync(Cli.CameraBeheerClient client) =>
        (await client.Cameras.ListAsync(new ListCamerasRequest())).Cameras.ToDictionary(c => c.Camera, c => c.Status);
}
