using System.Diagnostics.Metrics;

namespace CameraBeheer.Ingest.Tests;

/// <summary>Meters without a host: what <see cref="IngestMetrics"/> needs in a unit test.</summary>
internal sealed class PlainMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose() => _meters.ForEach(m => m.Dispose());
}
