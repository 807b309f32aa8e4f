using System.Diagnostics.Metrics;

namespace CameraBeheer.Storage;

/// <summary>
/// The storage's instruments (meter <c>CameraBeheer.Storage</c>): how long an event-log append takes, write and flush to
/// durable storage together. A static meter: the event log is made in places without a meter factory (tools, tests), and
/// a listener (dotnet-counters, OpenTelemetry, the ingest's stage timings) sees it all the same.
/// </summary>
public static class StorageMetrics
{
    public const string MeterName = "CameraBeheer.Storage";
    public const string AppendDurationName = "camerabeheer.storage.append_duration";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>One event-log append, until the store said it is durable.</summary>
    public static readonly Histogram<double> AppendDuration =
        Meter.CreateHistogram<double>(AppendDurationName, unit: "ms", description: "event-log append, write and flush to durable storage");
}
