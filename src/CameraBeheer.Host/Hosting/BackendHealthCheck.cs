using CameraBeheer.Ingest;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CameraBeheer.Host.Hosting;

/// <summary>Serving once events can flow: the subscriber has connected to the broker and subscribed.</summary>
public sealed class BackendHealthCheck(IngestReadiness ingest) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(ingest.IsConnected
            ? HealthCheckResult.Healthy("ingest subscribed")
            : HealthCheckResult.Unhealthy("not connected to the MQTT broker"));
}
