using CameraBeheer.Edge.Retention;
using CameraBeheer.Edge.Tests.Messaging;
using CameraBeheer.Edge.Uploading;
using CameraBeheer.Storage;
using Microsoft.Extensions.Time.Testing;

namespace CameraBeheer.Edge.Tests.Retention;

public sealed class EdgeRetentionSweeperTests() : FolderPerTest("retention")
{
    private const string Site = "domus-almere-poort";
    private const string Agent = "edge-01";
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private string Outbox => Path.Combine(Folder.Path, "outbox");

    private string Spool => Path.Combine(Folder.Path, "spool");

    private string Quarantine => Path.Combine(Folder.Path, "quarantine");

    private string Receipts => Path.Combine(Folder.Path, "receipts");

    [Fact]
    public async Task Quarantine_spool_and_journal_written_29_days_ago_are_gone_after_a_sweep_with_a_receipt_and_27_days_old_stay()
    {
        var time = new FakeTimeProvider(Now - TimeSpan.FromDays(29));
        var health = new EdgeHealth(timeProvider: time);
        var outbox = OpenOutbox(time, health);
        await outbox.EnqueueMotionAsync("cam-01", Motion("m-old", time.GetUtcNow()), Ct);
        time.SetUtcNow(Now - TimeSpan.FromDays(27));
        await outbox.EnqueueMotionAsync("cam-01", Motion("m-young", time.GetUtcNow()), Ct);
        time.SetUtcNow(Now);
        var oldSpool = SegmentFile(Spool, Now - TimeSpan.FromDays(29), 3000);
        var youngSpool = SegmentFile(Spool, Now - TimeSpan.FromDays(27), 4000);
        var oldQuarantine = SegmentFile(Quarantine, Now - TimeSpan.FromDays(29), 500);
        var youngQuarantine = SegmentFile(Quarantine, Now - TimeSpan.FromDays(27), 600);
        using var uploader = NewUploader(outbox, time, health);
        var sweeper = NewSweeper(outbox, uploader, time);

        var receipt = await sweeper.SweepAsync(Ct);

        Assert.False(File.Exists(oldSpool));
        Assert.True(File.Exists(youngSpool));
        Assert.False(File.Exists(oldQuarantine));
        Assert.True(File.Exists(youngQuarantine));
        var journal = string.Concat(Directory.GetFiles(Path.Combine(Outbox, "journal")).Select(File.ReadAllText));
        Assert.DoesNotContain("m-old", journal, StringComparison.Ordinal);
        Assert.Contains("m-young", journal, StringComparison.Ordinal);
        Assert.Equal(1, outbox.Stats.DroppedOther); // an unsent event the rule removed is a drop, and reported as one
        Assert.Equal(1, health.Snapshot().DroppedSpoolFiles);

        Assert.Equal(Now, receipt.Ts);
        Assert.Equal(Now - TimeSpan.FromDays(28), receipt.Cutoff);
        Assert.Equal(
            ["quarantine 1 500", "spool 1 3000", "journal 1"],
            receipt.Deleted.Select(d => d.Kind == "journal" ? $"{d.Kind} {d.Count}" : $"{d.Kind} {d.Count} {d.Bytes}"));
        var onDisk = JsonSerializer.Deserialize(File.ReadAllBytes(EdgeRetentionSweeper.ReceiptPath(Receipts, receipt)), AgentJsonContext.Default.AgentReceiptPayload)!;
        Assert.Equal(receipt.Id, onDisk.Id);
        Assert.Equal(Agent, onDisk.Agent);

        // The outbox still recovers after a restart: the young event and the receipt, nothing old.
        await outbox.DisposeAsync();
        await using var reopened = OpenOutbox(time, health: null);
        var messages = EdgeOutboxTests.Drain(reopened);
        Assert.Equal(["m-young", receipt.Id], messages.Select(m => m.EventId));
        var published = messages[1];
        Assert.Equal((OutboxEventKind.Receipt, EdgeTopics.AgentReceipt(Site, Agent), false), (published.Kind, published.Topic, published.Retain));
        var sent = JsonSerializer.Deserialize(published.Payload.Span, AgentJsonContext.Default.AgentReceiptPayload)!;
        Assert.Equal(receipt.Id, sent.Id);
        Assert.Equal(3, sent.Deleted.Count);
    }

    [Fact]
    public async Task Sent_records_older_than_28_days_leave_a_journal_file_that_still_holds_younger_unsent_ones()
    {
        var time = new FakeTimeProvider(Now - TimeSpan.FromDays(30));
        var outbox = OpenOutbox(time, null);
        await outbox.EnqueueMotionAsync("cam-01", Motion("m-sent", time.GetUtcNow()), Ct);
        Assert.Equal(["m-sent"], EdgeOutboxTests.Drain(outbox).Select(m => m.EventId));
        time.SetUtcNow(Now - TimeSpan.FromDays(1));
        await outbox.EnqueueMotionAsync("cam-02", Motion("m-waiting", time.GetUtcNow()), Ct);
        time.SetUtcNow(Now);
        using var uploader = NewUploader(outbox, time, null);

        var receipt = await NewSweeper(outbox, uploader, time).SweepAsync(Ct);

        Assert.Equal(1, receipt.Deleted.Single(d => d.Kind == "journal").Count);
        Assert.Equal(0, outbox.Stats.DroppedOther + outbox.Stats.DroppedFootage);
        await KilledAgent.KillAsync(outbox, Outbox);
        var journal = string.Concat(Directory.GetFiles(Path.Combine(Outbox, "journal")).Select(File.ReadAllText));
        Assert.DoesNotContain("m-sent", journal, StringComparison.Ordinal);
        await using var reopened = OpenOutbox(time, null);
        Assert.Equal(["m-waiting", receipt.Id], EdgeOutboxTests.Drain(reopened).Select(m => m.EventId));
    }

    [Fact]
    public async Task A_sweep_with_nothing_due_deletes_nothing_and_still_writes_its_receipt()
    {
        var time = new FakeTimeProvider(Now);
        await using var outbox = OpenOutbox(time, null);
        var young = SegmentFile(Spool, Now - TimeSpan.FromDays(1), 100);
        using var uploader = NewUploader(outbox, time, null);

        var receipt = await NewSweeper(outbox, uploader, time).SweepAsync(Ct);

        Assert.True(File.Exists(young));
        Assert.All(receipt.Deleted, d => Assert.Equal(0, d.Count));
        Assert.True(File.Exists(EdgeRetentionSweeper.ReceiptPath(Receipts, receipt)));
    }

    // Spring: 2026-03-29 01:00 UTC (02:00 CET → 03:00 CEST); autumn: 2026-10-25 01:00 UTC (03:00 CEST → 02:00 CET).
    // Four weeks are 28 × 24 h in UTC: across a change that is 28 local days plus or minus an hour, never a calendar count.
    [Theory]
    [InlineData("2026-04-20T00:30:00Z", "2026-03-23T00:30:00Z")] // window spans the spring change
    [InlineData("2026-11-10T23:30:00Z", "2026-10-13T23:30:00Z")] // window spans the autumn change
    [InlineData("2026-03-29T01:00:00Z", "2026-03-01T01:00:00Z")] // the very instant of the spring change
    [InlineData("2026-10-25T00:59:59.999Z", "2026-09-27T00:59:59.999Z")] // the last instant of summer time
    [InlineData("2026-11-30T00:00:00Z", "2026-11-02T00:00:00Z")] // UTC midnight
    [InlineData("2026-11-29T23:00:00Z", "2026-11-01T23:00:00Z")] // Amsterdam midnight
    public async Task Cutoff_is_28_times_24_hours_in_UTC_across_daylight_saving_changes_and_midnight(string now, string cutoff)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        var expected = DateTimeOffset.Parse(cutoff, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, EdgeRetentionRule.Cutoff(at));
        Assert.Equal(TimeSpan.FromHours(672), at - EdgeRetentionRule.Cutoff(at.ToOffset(TimeSpan.FromHours(2))));

        var time = new FakeTimeProvider(at);
        await using var outbox = OpenOutbox(time, null);
        var justDue = SegmentFile(Spool, expected - TimeSpan.FromMilliseconds(1), 10);
        var justKept = SegmentFile(Spool, expected, 10);
        var quarantineDue = SegmentFile(Quarantine, expected - TimeSpan.FromMilliseconds(1), 10);
        var quarantineKept = SegmentFile(Quarantine, expected, 10);
        using var uploader = NewUploader(outbox, time, null);

        await NewSweeper(outbox, uploader, time).SweepAsync(Ct);

        Assert.Equal((false, true, false, true), (File.Exists(justDue), File.Exists(justKept), File.Exists(quarantineDue), File.Exists(quarantineKept)));
    }

    private EdgeOutbox OpenOutbox(TimeProvider time, EdgeHealth? health) =>
        new(new EdgeOutboxOptions { Folder = Outbox, Site = Site }, timeProvider: time, health: health);

    private SegmentUploader NewUploader(EdgeOutbox outbox, TimeProvider time, EdgeHealth? health) =>
        new(new SegmentUploaderOptions { Site = Site, SpoolFolder = Spool, QuarantineFolder = Quarantine, MaxSpoolBytes = 1L << 30 },
            new InMemoryBlobStore(), outbox, health, timeProvider: time);

    private EdgeRetentionSweeper NewSweeper(EdgeOutbox outbox, SegmentUploader uploader, TimeProvider time) =>
        new(new EdgeRetentionOptions { Agent = Agent, QuarantineFolder = Quarantine, ReceiptsFolder = Receipts }, outbox, uploader, timeProvider: time);

    /// <summary>A segment file of cam-01 that ends at <paramref name="end"/> (10 s long), in the spool's naming.</summary>
    private static string SegmentFile(string root, DateTimeOffset end, int bytes)
    {
        var folder = Path.Combine(root, "cam-01");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FootageNames.SpoolFileName(end - TimeSpan.FromSeconds(10), end));
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }

    private static MotionPayload Motion(string id, DateTimeOffset ts) => new(id, ts, "start", "gate", null, 0.5);
}
