namespace CameraBeheer.Contracts.Telemetry;

/// <summary>
/// The OpenTelemetry settings the backend and the edge read alike: export over OTLP only when the standard endpoint
/// variable is set, and the standard service name variable over the name each gives itself.
/// </summary>
public static class OtlpExport
{
    /// <summary>The standard variable (the exporter itself reads it too, with its siblings <c>OTEL_EXPORTER_OTLP_*</c>).</summary>
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string ServiceNameKey = "OTEL_SERVICE_NAME";

    /// <summary>Whether figures (and traces) go to a collector: the endpoint is set.</summary>
    public static bool Wanted(string? endpoint) => !string.IsNullOrWhiteSpace(endpoint);

    /// <summary><c>OTEL_SERVICE_NAME</c> when set: a name given in code would otherwise override the standard variable.</summary>
    public static string ServiceName(string? configured, string ours) => configured is { Length: > 0 } ? configured : ours;
}
