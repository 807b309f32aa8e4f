using CameraBeheer.Contracts.Telemetry;
using CameraBeheer.Contracts.Tls;
using CameraBeheer.Grains;
using CameraBeheer.Ingest;
using CameraBeheer.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Metrics and traces with OpenTelemetry: every meter of the backend on a Prometheus scrape endpoint of its own
/// (<see cref="MetricsSettings"/>: <c>http://127.0.0.1:9464/metrics</c> by default, <c>Metrics:Port</c>, 0 = off), and
/// metrics and traces to an OTLP collector when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
/// <remarks>
/// Traces are collected only for OTLP: without a collector nothing listens to the backend's activity sources, so the
/// hot path's <c>StartActivity</c> calls return null and cost a branch each.
/// </remarks>
public static class TelemetryRegistration
{
    /// <summary>The service name in every exported figure and span, unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "camerabeheer-backend";

    /// <summary>Orleans' own meter (grain calls, activations, messaging) and activity sources (grain calls, placement, storage).</summary>
    private const string OrleansMeter = "Microsoft.Orleans";
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>The meters exported; the ASP.NET Core, Kestrel and runtime ones come with their instrumentation.</summary>
    public static readonly string[] Meters =
        [IngestMetrics.MeterName, StorageMetrics.MeterName, SiteFigures.MeterName, OrleansMeter];

    /// <summary>The backend's own activity sources: one MQTT message from receipt to the event log.</summary>
    public static readonly string[] Sources = [IngestTracing.SourceName, GrainTracing.SourceName, StorageTracing.SourceName];

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, ServerCertificate tls, string? siloName)
    {
        var metrics = MetricsSettings.From(builder.Configuration);
        var otlp = OtlpExport.Wanted(builder.Configuration[OtlpExport.EndpointKey]);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton<SiteFigures>();
        builder.Services.AddSingleton<RetentionMetrics>();
        if (!metrics.Enabled && !otlp) return builder;

        // The figures that need grain calls are sampled in the background: a scrape only reads them.
        builder.Services.AddHostedService<SiteFiguresSampler>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(OtlpExport.ServiceName(builder.Configuration[OtlpExport.ServiceNameKey], ServiceName), serviceInstanceId: siloName))
            .WithMetrics(m =>
            {
                m.AddMeter(Meters).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
                if (metrics.Enabled) m.AddPrometheusExporter();
                if (otlp) m.AddOtlpExporter();
            });
        if (otlp)
            telemetry.WithTracing(t => t.AddSource(Sources).AddSource(OrleansSources).AddAspNetCoreInstrumentation().AddOtlpExporter());

        if (metrics.Enabled)
        {
            if (LoopbackAddresses.PlaintextBindProblem("the metrics endpoint", "Metrics:BindAddress", metrics.BindAddress, tls.Enabled) is { } problem)
                throw new ArgumentException(problem);
            // Its own listener, HTTP/1.1 as Prometheus scrapes; registered after the gRPC and console listeners, whose
            // addresses the start-up line and the console take as the first ones.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(metrics.BindAddress, metrics.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseServerTls(tls);
            }));
        }
        return builder;
    }

    /// <summary>
    /// Answers <c>/metrics</c> on the metrics port, before authentication: the branch ends there, so nothing else of the
    /// backend answers on that port and no token is asked for (the figures are counts and times, no names or footage).
    /// </summary>
    public static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<MetricsSettings>();
        if (!metrics.Enabled) return app;
        app.MapWhen(context => context.Connection.LocalPort == metrics.Port, branch => branch.UseOpenTelemetryPrometheusScrapingEndpoint());
        var tls = app.Services.GetRequiredService<ServerCertificate>().Enabled;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CameraBeheer.Host");
        app.Lifetime.ApplicationStarted.Register(() => LogScraping(logger, metrics.ScrapeUrl(tls)));
        return app;
    }

    private static readonly Action<ILogger, Uri, Exception?> Scraping =
        LoggerMessage.Define<Uri>(LogLevel.Information, new EventId(1, "MetricsListening"), "Metrics for Prometheus at {Url}");

    private static void LogScraping(ILogger logger, Uri url) => Scraping(logger, url, null);
}
