using System.Diagnostics.Metrics;

namespace CameraBeheer.Ingest;

/// <summary>The ingest's instruments (meter <c>CameraBeheer.Ingest</c>): received, accepted, duplicates, dead letters by reason, acknowledge latency.</summary>
public sealed class IngestMetrics : IDisposable
{
    public const string MeterName = "CameraBeheer.Ingest";

    private readonly Meter _meter;
    private readonly Counter<long> _received;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _deadLettered;
    private readonly Histogram<double> _ackLatency;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _received = _meter.CreateCounter<long>("camerabeheer.ingest.received", description: "MQTT messages received");
        _accepted = _meter.CreateCounter<long>("camerabeheer.ingest.accepted", description: "valid events whose effect was stored");
        _duplicates = _meter.CreateCounter<long>("camerabeheer.ingest.duplicates", description: "redelivered events recognised by id");
        _deadLettered = _meter.CreateCounter<long>("camerabeheer.ingest.deadlettered", description: "rejected messages, by reason");
        _ackLatency = _meter.CreateHistogram<double>("camerabeheer.ingest.ack_latency", unit: "ms", description: "from receipt to acknowledgement");
    }

    public void Received() => _received.Add(1);
    public void Accepted() => _accepted.Add(1);
    public void Duplicate() => _duplicates.Add(1);
    public void DeadLettered(string reason) => _deadLettered.Add(1, new KeyValuePair<string, object?>("reason", reason));
    public void Acknowledged(TimeSpan latency) => _ackLatency.Record(latency.TotalMilliseconds);

    public void Dispose() => _meter.Dispose();
}
