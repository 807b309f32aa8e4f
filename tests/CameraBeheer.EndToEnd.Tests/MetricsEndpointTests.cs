using System.Globalization;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.EndToEnd.Tests.Infrastructure;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// The Prometheus scrape endpoint of the real host (<c>Metrics:Port</c>, its own listener beside gRPC): what a supervisor's
/// Prometheus would read, after real MQTT events went in through the embedded broker.
/// </summary>
public sealed class MetricsEndpointTests
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task Metrics_endpoint_serves_the_ingest_counters_after_events_flow()
    {
        var metricsPort = FreePorts.Next();
        await using var host = await HostProcess.StartAsync(environment: new Dictionary<string, string>
        {
            ["CAMERABEHEER_Metrics__Port"] = $"{metricsPort}",
            ["CAMERABEHEER_Metrics__SampleInterval"] = "00:00:01",
        });
        const int sent = 30;
        var start = DateTimeOffset.UtcNow.AddSeconds(-30);
        await using (var edge = await EdgePublisher.ConnectAsync(host, "metrics-edge"))
        {
            // QoS 1: each PUBACK comes after the event is stored, so all of them are counted by the time this loop ends.
            for (var i = 0; i < sent; i++)
                await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-07"), EdgePublisher.Motion($"metrics-{i}", start.AddMilliseconds(i), "update", null, 0.4));
        }

        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        // No token: the endpoint is on its own loopback port, for a Prometheus beside the backend.
        var scrape = await Eventually.GetAsync(async () => new Scrape(await http.GetStringAsync(url)),
            s => s.Sum("camerabeheer_ingest_accepted_total") >= sent && s.Sum("camerabeheer_cameras_online") is not null,
            $"{sent} accepted events and a sample of the site's figures on {url}", TimeSpan.FromSeconds(60));

        Assert.True(scrape.Sum("camerabeheer_ingest_received_total") >= sent, $"received counter below {sent}:\n{scrape.Lines("camerabeheer_ingest")}");
        Assert.True(scrape.Sum("camerabeheer_ingest_accepted_total") >= sent, $"accepted counter below {sent}:\n{scrape.Lines("camerabeheer_ingest")}");
        Assert.True(scrape.Sum("camerabeheer_ingest_ack_latency_milliseconds_count") >= sent, $"fewer acknowledge latencies than events:\n{scrape.Lines("camerabeheer_ingest")}");
        Assert.True(scrape.Sum("camerabeheer_storage_append_duration_milliseconds_count") >= 1, $"no event-log append timed:\n{scrape.Lines("camerabeheer_storage")}");
        Assert.Equal(38, scrape.Sum("camerabeheer_cameras_configured"));
        Assert.True(scrape.Sum("camerabeheer_storage_requests_total") >= 1, $"no storage requests counted:\n{scrape.Lines("camerabeheer_storage")}");
        Assert.True(scrape.Sum("camerabeheer_storage_free_bytes") > 0, $"no free space reported:\n{scrape.Lines("camerabeheer_storage")}");
    }

    /// <summary>One scrape in the Prometheus text format: <c>name{labels} value [timestamp]</c> per line.</summary>
    private sealed record Scrape(string Text)
    {
        /// <summary>The sum of every series of <paramref name="name"/> (all label sets), or null when there is none.</summary>
        public double? Sum(string name)
        {
            double? sum = null;
            foreach (var line in Text.Split('\n'))
            {
                if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length) continue;
                var rest = line[name.Length..];
                if (rest[0] == '{') rest = rest[(rest.IndexOf('}', StringComparison.Ordinal) + 1)..];
                else if (rest[0] != ' ') continue; // a longer name that starts with this one
                var value = rest.Trim().Split(' ')[0];
                sum = (sum ?? 0) + double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            return sum;
        }

        public string Lines(string prefix) => string.Join('\n', Text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)));

        public override string ToString() => $"{Text.Length} characters; camerabeheer lines:\n{Lines("camerabeheer_")}";
    }
}
