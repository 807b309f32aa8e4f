using System.Collections.Concurrent;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>SIGTERM or SIGINT under a stream of QoS 1 events: the host exits 0, and every event that got a PUBACK is stored.</summary>
public sealed class StopUnderLoadTests
{
    private const string Site = "domus-almere-poort";
    private const string Camera = "cam-03";

    [Theory]
    [InlineData("SIGTERM")]
    [InlineData("SIGINT")]
    public async Task A_stop_under_a_stream_of_events_exits_0_and_every_acknowledged_event_is_stored_after_restart(string signal)
    {
        var data = TestPaths.NewFolder("stopload");
        var mqttPort = FreePorts.Next();
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var acknowledged = new ConcurrentBag<string>();
        TimeSpan stopTook;
        await using (var host = await HostProcess.StartAsync(data, mqttPort))
        {
            using var publishing = new CancellationTokenSource();
            var publishers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
            {
                await using var edge = await EdgePublisher.ConnectAsync(host, $"load-{p}");
                for (var n = 0; !publishing.IsCancellationRequested; n++)
                {
                    var id = $"load-{p}-{n}";
                    try { await edge.PublishAsync(EdgeTopics.Motion(Site, Camera), EdgePublisher.Motion(id, DateTimeOffset.UtcNow.AddSeconds(-1), "update", null, 0.5)); }
                    catch (Exception) { return; } // the broker went away with the host: not acknowledged, so not promised
                    acknowledged.Add(id);
                }
            })).ToArray();
            await Eventually.GetAsync(() => Task.FromResult(acknowledged.Count), c => c >= 400, "400 acknowledged events", TimeSpan.FromSeconds(60));

            var clock = Stopwatch.StartNew();
            var code = signal == "SIGINT" ? await host.InterruptAsync() : await host.StopAsync();
            stopTook = clock.Elapsed;
            await publishing.CancelAsync();
            await Task.WhenAll(publishers);
            Assert.Equal(0, code);
        }
        Measurements.Record($"host: {signal} under load exited after {stopTook.TotalSeconds:0.0} s ({acknowledged.Count} events acknowledged)");

        await using var again = await HostProcess.StartAsync(data, mqttPort);
        using var client = again.Client("manager");
        var missing = await Eventually.GetAsync(async () =>
        {
            var stored = new HashSet<string>();
            using var call = client.Cameras.Events(new CameraEventsRequest { Site = Site, Camera = Camera, From = Timestamp.FromDateTimeOffset(since), To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(1)) });
            while (await call.ResponseStream.MoveNext(CancellationToken.None)) stored.Add(call.ResponseStream.Current.Id);
            return acknowledged.Where(id => !stored.Contains(id)).ToList();
        }, m => m.Count == 0, "every acknowledged event in the event log", TimeSpan.FromSeconds(60));
        Assert.Empty(missing);
    }
}
