using System.Diagnostics;
using System.Diagnostics.Metrics;
using CameraBeheer.Storage.Retention;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// The retention sweep's instruments (meter <c>CameraBeheer.Host</c>): sweeps by outcome, how long one took, and what it
/// deleted (objects, bytes, event lines), so a sweep that stopped running or deleting shows on the dashboard.
/// </summary>
public sealed class RetentionMetrics
{
    private readonly Counter<long> _sweeps;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _objects;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _lines;

    public RetentionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(SiteFigures.MeterName);
        _sweeps = meter.CreateCounter<long>("camerabeheer.retention.sweeps", unit: "{sweep}", description: "retention sweeps, by outcome (ok, failed)");
        _duration = meter.CreateHistogram<double>("camerabeheer.retention.sweep_duration", unit: "s", description: "one retention sweep, start to end");
        _objects = meter.CreateCounter<long>("camerabeheer.retention.deleted_objects", unit: "{object}", description: "footage, event-log hours and exports deleted by retention");
        _bytes = meter.CreateCounter<long>("camerabeheer.retention.deleted_bytes", unit: "By", description: "bytes deleted by retention");
        _lines = meter.CreateCounter<long>("camerabeheer.retention.deleted_event_lines", unit: "{line}", description: "event-log lines deleted by retention");
    }

    public void Swept(SweepResult result, long startedTimestamp)
    {
        _duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);
        _sweeps.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
        _objects.Add(result.ObjectsDeleted);
        _bytes.Add(result.BytesDeleted);
        _lines.Add(result.EventLinesDeleted);
    }

    public void Failed(long startedTimestamp)
    {
        _duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);
        _sweeps.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
    }
}
