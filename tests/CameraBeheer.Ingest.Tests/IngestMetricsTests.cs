namespace CameraBeheer.Ingest.Tests;

/// <summary>The acknowledge latency figures the load test reads (<c>Site/IngestStatistics</c>).</summary>
public sealed class IngestMetricsTests
{
    [Fact]
    public void The_percentiles_are_those_of_the_latencies_recorded_since_the_last_reset()
    {
        using var meters = new PlainMeterFactory();
        using var metrics = new IngestMetrics(meters);
        foreach (var ms in Enumerable.Range(1, 1000)) metrics.Acknowledged(TimeSpan.FromMilliseconds(5000 + ms)); // before the reset
        metrics.ResetLatency();

        foreach (var ms in Enumerable.Range(1, 1000)) metrics.Acknowledged(TimeSpan.FromMilliseconds(ms));
        var snapshot = metrics.Snapshot();

        Assert.Equal(1000, snapshot.AckLatencySamples);
        Assert.Equal(2000, snapshot.Acknowledged);
        // Three significant digits: 500 ms and 990 ms within a millisecond.
        Assert.InRange(snapshot.AckLatencyP50Ms, 499.5, 500.5);
        Assert.InRange(snapshot.AckLatencyP99Ms, 989.5, 990.5);
    }

    [Fact]
    public void Without_samples_the_percentiles_are_zero_and_extreme_latencies_are_kept_in_range()
    {
        using var meters = new PlainMeterFactory();
        using var metrics = new IngestMetrics(meters);
        Assert.Equal((0.0, 0.0, 0), (metrics.Snapshot().AckLatencyP50Ms, metrics.Snapshot().AckLatencyP99Ms, metrics.Snapshot().AckLatencySamples));

        metrics.Acknowledged(TimeSpan.Zero);
        metrics.Acknowledged(TimeSpan.FromDays(2));
        var snapshot = metrics.Snapshot();

        Assert.Equal(2, snapshot.AckLatencySamples);
        Assert.InRange(snapshot.AckLatencyP50Ms, 0, 0.01);
        Assert.InRange(snapshot.AckLatencyP99Ms, 3_590_000, 3_610_000); // an hour: longer ones count as an hour
    }
}
