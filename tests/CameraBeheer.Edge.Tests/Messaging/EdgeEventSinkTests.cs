using CameraBeheer.Edge.Uploading;
using CameraBeheer.Storage;

namespace CameraBeheer.Edge.Tests.Messaging;

public sealed class EdgeEventSinkTests() : FolderPerTest("sink")
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Motion_and_status_reports_become_contract_v1_events_with_unique_ids()
    {
        await using var outbox = new EdgeOutbox(new EdgeOutboxOptions { Folder = Folder.Sub("outbox"), Site = "domus-almere-poort" });
        using var uploader = new SegmentUploader(
            new SegmentUploaderOptions { Site = "domus-almere-poort", SpoolFolder = Folder.Sub("spool"), QuarantineFolder = Folder.Sub("quarantine") },
            new InMemoryBlobStore(), outbox);
        IEdgeEventSink sink = new EdgeEventSink(outbox, uploader);
        var ts = T0.AddTicks(1_234_5678); // 1.2345678 s: sent with milliseconds

        await sink.MotionAsync(new MotionReport("cam-01", "gate", EdgeMotionPhase.Start, 0.73, ts, null), Ct);
        await sink.MotionAsync(new MotionReport("cam-01", "forecourt", EdgeMotionPhase.Start, 1.7, ts, null), Ct);
        await sink.MotionAsync(new MotionReport("dome-01", null, EdgeMotionPhase.End, double.NaN, ts, 3), Ct);
        await sink.CameraStatusAsync("cam-01", online: false, ts, Ct);

        var messages = EdgeOutboxTests.Drain(outbox);
        var payloads = messages.Select(m => JsonDocument.Parse(m.Payload).RootElement.GetRawText()).ToList();
        Assert.Equal(
            [
                """{"id":"m-20261122T100001234Z-0","ts":"2026-11-22T10:00:01.234Z","phase":"start","region":"gate","score":0.73}""",
                """{"id":"m-20261122T100001234Z-1","ts":"2026-11-22T10:00:01.234Z","phase":"start","region":"forecourt","score":1}""",
                """{"id":"m-20261122T100001234Z-0","ts":"2026-11-22T10:00:01.234Z","phase":"end","preset":3,"score":0}""",
                """{"state":"offline","ts":"2026-11-22T10:00:01.234Z"}""",
            ],
            payloads);
        Assert.Equal("camerabeheer/v1/domus-almere-poort/camera/dome-01/motion", messages[2].Topic);
        Assert.True(messages[3].Retain);
    }
}
