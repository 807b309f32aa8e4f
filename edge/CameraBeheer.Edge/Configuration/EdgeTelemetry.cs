using CameraBeheer.Contracts.Telemetry;
using CameraBeheer.Edge.Messaging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace CameraBeheer.Edge.Configuration;

/// <summary>
/// The edge's figures (meter <c>CameraBeheer.Edge</c>: outbox depth and bytes, drops by kind, spool files and drops,
/// published events) to an OTLP collector when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with its
/// siblings <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>, …); without it, nothing is exported.
/// </summary>
public static class EdgeTelemetry
{
    public const string ServiceName = "camerabeheer-edge";

    public static IHostApplicationBuilder AddEdgeTelemetry(this IHostApplicationBuilder builder, string agentName)
    {
        if (!OtlpExport.Wanted(builder.Configuration[OtlpExport.EndpointKey])) return builder;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(OtlpExport.ServiceName(builder.Configuration[OtlpExport.ServiceNameKey], ServiceName), serviceInstanceId: agentName))
            .WithMetrics(m => m.AddMeter(EdgeHealth.MeterName).AddOtlpExporter());
        return builder;
    }
}
