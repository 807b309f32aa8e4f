using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace CameraBeheer.Edge.Tests.Configuration;

/// <summary>
/// The edge's figures go to an OTLP collector when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and nowhere
/// otherwise: the real exporter, over HTTP/protobuf to a collector stand-in on loopback.
/// </summary>
public sealed class EdgeTelemetryTests
{
    [Fact]
    public async Task With_an_otlp_endpoint_the_edge_sends_its_queue_depth_and_drops()
    {
        using var collector = Collector.Start();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        builder.Services.AddSingleton(sp => new EdgeHealth(sp.GetService<IMeterFactory>()));
        builder.AddEdgeTelemetry("edge-test");
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var health = host.Services.GetRequiredService<EdgeHealth>();
        health.OutboxDropped(footageEvents: 2, otherEvents: 1);

        string[] names = ["camerabeheer.edge.outbox.dropped", "camerabeheer.edge.outbox.events", "camerabeheer-edge", "edge-test"];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!names.All(collector.Received.Contains))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the collector did not get {string.Join(", ", names.Where(n => !collector.Received.Contains(n, StringComparison.Ordinal)))} within 60 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Without_an_otlp_endpoint_the_edge_exports_nothing()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddEdgeTelemetry("edge-test");
        using var host = builder.Build();
        Assert.Null(host.Services.GetService<MeterProvider>());
        // A positive signal that the container was built and answers: its configuration is there.
        Assert.NotNull(host.Services.GetService<IConfiguration>());
    }

    /// <summary>Takes OTLP/HTTP posts on a free loopback port and keeps their bodies (protobuf keeps names as UTF-8 bytes).</summary>
    private sealed class Collector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly StringBuilder _received = new();

        private Collector(int port)
        {
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add($"{Url}/");
            _listener.Start();
            _ = Task.Run(TakeAsync);
        }

        public string Url { get; }

        public string Received
        {
            get { lock (_received) return _received.ToString(); }
        }

        public static Collector Start()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return new Collector(port);
        }

        private async Task TakeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                // Latin-1 keeps every byte as one character, so the UTF-8 of an ASCII name is found as it is.
                lock (_received) _received.Append(Encoding.Latin1.GetString(body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
