using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// OTLP export by the standard variables, from the real host to a collector stand-in (Kestrel on loopback taking OTLP
/// over HTTP/protobuf): the spans of an event that went in through the embedded broker, and the ingest's counters.
/// </summary>
public sealed class OtlpExportTests
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task With_an_otlp_endpoint_the_host_sends_the_spans_of_an_event_and_its_metrics()
    {
        await using var collector = await Collector.StartAsync();
        await using var host = await HostProcess.StartAsync(environment: new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        await using (var edge = await EdgePublisher.ConnectAsync(host, "otlp-edge"))
            await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-09"), EdgePublisher.Motion("otlp-1", DateTimeOffset.UtcNow.AddSeconds(-5), "update", null, 0.4));

        // Protobuf keeps strings as UTF-8 bytes: the span and metric names are found in the bodies as sent.
        string[] spans = ["ingest.receive", "ingest.decode", "ingest.batch", "camera.accept", "storage.append"];
        await Eventually.GetAsync(() => Task.FromResult(collector.Received("/v1/traces")), body => spans.All(body.Contains),
            $"spans {string.Join(", ", spans)} at the collector", TimeSpan.FromSeconds(60));
        var metrics = await Eventually.GetAsync(() => Task.FromResult(collector.Received("/v1/metrics")),
            body => body.Contains("camerabeheer.ingest.accepted", StringComparison.Ordinal),
            "the ingest's counters at the collector", TimeSpan.FromSeconds(60));
        Assert.Contains("camerabeheer-backend", metrics, StringComparison.Ordinal);
    }

    /// <summary>Takes OTLP/HTTP posts and keeps their bodies by path.</summary>
    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Dictionary<string, StringBuilder> _bodies = new(StringComparer.Ordinal);

        private Collector(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var collector = new Collector(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                // Latin-1 keeps every byte as one character, so the UTF-8 of an ASCII name is found as it is.
                var text = Encoding.Latin1.GetString(body.ToArray());
                lock (collector._bodies)
                {
                    if (!collector._bodies.TryGetValue(context.Request.Path, out var all)) collector._bodies[context.Request.Path!] = all = new StringBuilder();
                    all.Append(text);
                }
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            collector.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            return collector;
        }

        public string Received(string path)
        {
            lock (_bodies) return _bodies.TryGetValue(path, out var all) ? all.ToString() : "";
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
