using System.Diagnostics.Metrics;

namespace CameraBeheer.Ingest;

/// <summary>
/// The ingest's instruments (meter <c>CameraBeheer.Ingest</c>): received, accepted, duplicates, dead letters by reason,
/// acknowledge latency. The same figures are kept as plain counters for <see cref="Snapshot"/> (gRPC, load test).
/// </summary>
public sealed class IngestMetrics : IDisposable
{
    public const string MeterName = "CameraBeheer.Ingest";
    private const int LatencyWindow = 100_000;

    private readonly Meter _meter;
    private readonly Counter<long> _receivedCounter;
    private readonly Counter<long> _acceptedCounter;
    private readonly Counter<long> _duplicatesCounter;
    private readonly Counter<long> _deadLetteredCounter;
    private readonly Histogram<double> _ackLatency;

    private readonly double[] _latencies = new double[LatencyWindow];
    private long _latencyCount;
    private long _received, _accepted, _duplicates, _deadLettered, _acknowledged;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _receivedCounter = _meter.CreateCounter<long>("camerabeheer.ingest.received", description: "MQTT messages received");
        _acceptedCounter = _meter.CreateCounter<long>("camerabeheer.ingest.accepted", description: "valid events whose effect was stored");
        _duplicatesCounter = _meter.CreateCounter<long>("camerabeheer.ingest.duplicates", description: "redelivered events recognised by id");
        _deadLetteredCounter = _meter.CreateCounter<long>("camerabeheer.ingest.deadlettered", description: "rejected messages, by reason");
        _ackLatency = _meter.CreateHistogram<double>("camerabeheer.ingest.ack_latency", unit: "ms", description: "from receipt to acknowledgement");
    }

    public void Received()
    {
        Interlocked.Increment(ref _received);
        _receivedCounter.Add(1);
    }

    public void Accepted()
    {
        Interlocked.Increment(ref _accepted);
        _acceptedCounter.Add(1);
    }

    public void Duplicate()
    {
        Interlocked.Increment(ref _duplicates);
        _duplicatesCounter.Add(1);
    }

    public void DeadLettered(string reason)
    {
        Interlocked.Increment(ref _deadLettered);
        _deadLetteredCounter.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Acknowledged(TimeSpan latency)
    {
        Interlocked.Increment(ref _acknowledged);
        var ms = latency.TotalMilliseconds;
        _ackLatency.Record(ms);
        var slot = Interlocked.Increment(ref _latencyCount) - 1;
        _latencies[slot % LatencyWindow] = ms;
    }

    /// <summary>Starts a new window for the latency percentiles.</summary>
    public void ResetLatency() => Interlocked.Exchange(ref _latencyCount, 0);

    public IngestSnapshot Snapshot()
    {
        var count = (int)Math.Min(Interlocked.Read(ref _latencyCount), LatencyWindow);
        var sample = _latencies.AsSpan(0, count).ToArray();
        Array.Sort(sample);
        return new IngestSnapshot(
            Interlocked.Read(ref _received), Interlocked.Read(ref _accepted), Interlocked.Read(ref _duplicates),
            Interlocked.Read(ref _deadLettered), Interlocked.Read(ref _acknowledged),
            Percentile(sample, 0.50), Percentile(sample, 0.99), count);
    }

    public void Dispose() => _meter.Dispose();

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>The ingest's counters at one moment.</summary>
public sealed record IngestSnapshot(long Received, long Accepted, long Duplicates, long DeadLettered, long Acknowledged,
    double AckLatencyP50Ms, double AckLatencyP99Ms, int AckLatencySamples);
