using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CameraBeheer.Ingest.Tests;

/// <summary>Refused messages reach the console as one summary line a minute, not one line each.</summary>
public sealed class RefusedInputSummaryTests
{
    [Fact]
    public void Counts_are_taken_per_reason_largest_first_and_start_again_from_zero()
    {
        var summary = new RefusedInputSummary();
        for (var i = 0; i < 3; i++) summary.Record("malformed-json");
        summary.Record("unknown-camera");

        Assert.Equal(new[] { ("malformed-json", 3), ("unknown-camera", 1) }, summary.TakeCounts());
        Assert.Empty(summary.TakeCounts());
    }

    [Fact]
    public async Task A_thousand_refusals_in_a_minute_are_one_warning_line()
    {
        var summary = new RefusedInputSummary();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var log = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(log)));
        using var service = new RefusedInputSummaryService(summary, time, loggerFactory.CreateLogger<RefusedInputSummaryService>());
        await service.StartAsync(CancellationToken.None);

        for (var i = 0; i < 1000; i++) summary.Record(i % 10 == 0 ? "unknown-camera" : "malformed-json");
        time.Advance(RefusedInputSummaryService.Interval);

        var line = await WaitForAsync(log, 1);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Equal("Refused 1000 messages in the last minute (900 malformed-json, 100 unknown-camera); each is in the dead-letter log with its reason", line.Message);

        // A quiet minute writes nothing; the next refusal comes in the minute after.
        time.Advance(RefusedInputSummaryService.Interval);
        summary.Record("oversized");
        time.Advance(RefusedInputSummaryService.Interval);
        Assert.Contains("Refused 1 messages in the last minute (1 oversized)", (await WaitForAsync(log, 2)).Message);
        await service.StopAsync(CancellationToken.None);
        Assert.Equal(2, log.Count);
    }

    private static async Task<FakeLogRecord> WaitForAsync(FakeLogCollector log, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (log.Count < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"expected {count} summary lines, saw {log.Count}");
            await Task.Delay(20);
        }
        return log.GetSnapshot()[count - 1];
    }
}
