using System.Globalization;
using System.Text.RegularExpressions;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// The Prometheus scrape endpoint of the real host (<c>Metrics:Port</c>, its own listener beside gRPC): what a supervisor's
/// Prometheus reads after real MQTT events went in through the embedded broker, and what the Grafana dashboard asks for.
/// </summary>
public sealed partial class MetricsEndpointTests(MetricsEndpointTests.MetricsHost fixture) : IClassFixture<MetricsEndpointTests.MetricsHost>
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task Metrics_endpoint_serves_the_ingest_counters_after_events_flow()
    {
        var scrape = await fixture.ScrapeUntilAsync(s => s.Sum("camerabeheer_ingest_accepted_total") >= MetricsHost.Sent,
            $"{MetricsHost.Sent} accepted events");

        Assert.True(scrape.Sum("camerabeheer_ingest_received_total") >= MetricsHost.Sent + 2, $"received counter below {MetricsHost.Sent + 2}:\n{scrape.Lines("camerabeheer_ingest")}");
        Assert.True(scrape.Sum("camerabeheer_ingest_accepted_total") >= MetricsHost.Sent, $"accepted counter below {MetricsHost.Sent}:\n{scrape.Lines("camerabeheer_ingest")}");
        Assert.True(scrape.Sum("camerabeheer_ingest_ack_latency_milliseconds_count") >= MetricsHost.Sent, $"fewer acknowledge latencies than events:\n{scrape.Lines("camerabeheer_ingest")}");
        Assert.True(scrape.Sum("camerabeheer_storage_append_duration_milliseconds_count") >= 1, $"no event-log append timed:\n{scrape.Lines("camerabeheer_storage")}");
        Assert.True(scrape.Sum("camerabeheer_storage_requests_total") >= 1, $"no storage requests counted:\n{scrape.Lines("camerabeheer_storage")}");
        Assert.True(scrape.Sum("camerabeheer_storage_free_bytes") > 0, $"no free space reported:\n{scrape.Lines("camerabeheer_storage")}");
        Assert.Equal(38, scrape.Sum("camerabeheer_cameras_configured"));
    }

    [Fact]
    public async Task The_grafana_dashboard_asks_only_for_metrics_the_backend_serves()
    {
        var dashboard = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "deploy", "grafana", "camerabeheer.json"));
        var asked = MetricName().Matches(dashboard).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("camerabeheer_cameras_online", asked);

        // Every series the dashboard uses exists once events, a redelivery, a refused message, a gRPC call, a sample of the
        // site's figures and the first retention sweep (5 s after the start) have happened.
        var scrape = await fixture.ScrapeUntilAsync(s => asked.All(name => s.Sum(name) is not null),
            $"every metric of the dashboard ({string.Join(", ", asked.Order(StringComparer.Ordinal))})");
        Assert.All(asked, name => Assert.NotNull(scrape.Sum(name)));
    }

    [GeneratedRegex(@"\b(camerabeheer|orleans|http_server)_[a-z_]+")]
    private static partial Regex MetricName();

    /// <summary>One host with a metrics port, after 30 stored motion events, one redelivered, one refused, and a gRPC call.</summary>
    public sealed class MetricsHost : IAsyncLifetime
    {
        public const int Sent = 30;

        private HostProcess? _host;
        private readonly HttpClient _http = new();
        private Uri _url = null!;

        public async ValueTask InitializeAsync()
        {
            var metricsPort = FreePorts.Next();
            _url = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
            _host = await HostProcess.StartAsync(environment: new Dictionary<string, string>
            {
                ["CAMERABEHEER_Metrics__Port"] = $"{metricsPort}",
                ["CAMERABEHEER_Metrics__SampleInterval"] = "00:00:01",
            });
            var start = DateTimeOffset.UtcNow.AddSeconds(-30);
            await using (var edge = await EdgePublisher.ConnectAsync(_host, "metrics-edge"))
            {
                // QoS 1: each PUBACK comes after the event is stored (or the refused one dead-lettered).
                for (var i = 0; i < Sent; i++)
                    await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-07"), EdgePublisher.Motion($"metrics-{i}", start.AddMilliseconds(i), "update", null, 0.4));
                await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-07"), EdgePublisher.Motion("metrics-0", start, "update", null, 0.4));
                await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-07"), "not json");
            }
            await _host.Client("operator").Site.StatusAsync(new SiteStatusRequest());
        }

        /// <summary>Scrapes (no token: the endpoint is on its own loopback port) until <paramref name="done"/> holds.</summary>
        public Task<Scrape> ScrapeUntilAsync(Func<Scrape, bool> done, string what) =>
            Eventually.GetAsync(async () => new Scrape(await _http.GetStringAsync(_url)), done, $"{what} on {_url}", TimeSpan.FromSeconds(60));

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            if (_host is not null) await _host.DisposeAsync();
        }
    }

    /// <summary>One scrape in the Prometheus text format: <c>name{labels} value [timestamp]</c> per line.</summary>
    public sealed record Scrape(string Text)
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
