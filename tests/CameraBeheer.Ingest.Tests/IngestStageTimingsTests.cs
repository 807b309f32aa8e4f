using CameraBeheer.Storage;
using Microsoft.Extensions.Options;

namespace CameraBeheer.Ingest.Tests;

/// <summary>Where the hot path's time goes: one line per window, every stage named, the append timed by the real event log on disk.</summary>
public sealed class IngestStageTimingsTests
{
    [Fact]
    public async Task The_window_line_names_every_stage_and_takes_the_event_log_append_from_the_store()
    {
        using var timings = new IngestStageTimings(Options.Create(new IngestOptions { StageTimings = true }));
        var folder = Directory.CreateTempSubdirectory("stage-timings-");
        try
        {
            var log = new EventLog(new LocalDiskBlobStore(folder.FullName));
            var now = DateTimeOffset.UtcNow;
            await log.AppendAsync("site-a", "cam-01", EventLog.HourOf(now), [new EventLogEntry("m-1", now, "motion", """{"phase":"start"}""")], cancellationToken: TestContext.Current.CancellationToken);
            timings.Round(2);
            timings.Record(IngestStage.BatchWait, 2.0);
            timings.Record(IngestStage.BatchWait, 4.0);
            timings.Record(IngestStage.GrainCall, 5.0, messages: 2);

            var line = timings.TakeSummary(TimeSpan.FromSeconds(5));

            Assert.NotNull(line);
            Assert.StartsWith("Ingest stages over 5 s (2 messages, 1 rounds of 2 on average): ", line);
            Assert.Contains("batch wait avg 3.00 ms p50 2.00 ms p99 4.00 ms (n 2)", line);
            Assert.Contains("grain call avg 5.00 ms p50 5.00 ms p99 5.00 ms (n 2)", line);
            Assert.Matches(@"event-log append\+flush \(per append\) avg \d", line);
            // Stages nothing was measured for are shown as such, not left out.
            Assert.Contains("MQTT receive -", line);
            Assert.Contains("acknowledge -", line);
            Assert.Null(timings.TakeSummary(TimeSpan.FromSeconds(5))); // a new window: nothing passed since
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Switched_off_it_keeps_nothing()
    {
        using var timings = new IngestStageTimings(Options.Create(new IngestOptions()));
        timings.Round(1);
        timings.Record(IngestStage.Decode, 1.0);

        Assert.False(timings.Enabled);
        Assert.Null(timings.TakeSummary(TimeSpan.FromSeconds(5)));
    }
}
