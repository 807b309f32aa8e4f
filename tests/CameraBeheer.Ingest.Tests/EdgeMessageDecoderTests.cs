using CameraBeheer.Abstractions;
using static CameraBeheer.Ingest.Tests.DecoderFixture;

namespace CameraBeheer.Ingest.Tests;

/// <summary>Messages that keep contract v1 decode to the values the edge sent, against the real site file.</summary>
public sealed class EdgeMessageDecoderTests
{
    private static readonly DateTimeOffset Recent = new(2026, 3, 10, 11, 59, 0, TimeSpan.Zero);

    [Fact]
    public void Motion_in_a_region_of_the_camera_decodes_with_its_values()
    {
        var message = Decode(MotionTopic(), $$"""{"id":"m-1","ts":"{{RecentTs}}","phase":"start","region":"forecourt","score":0.42}""");

        var motion = Assert.IsType<EdgeMessage.Motion>(message);
        Assert.Equal(Site, motion.Site);
        Assert.Equal("cam-01", motion.Camera);
        Assert.Equal(new MotionObservation("m-1", Recent, MotionPhase.Start, "forecourt", null, 0.42), motion.Observation);
    }

    [Theory]
    [InlineData("start", MotionPhase.Start)]
    [InlineData("update", MotionPhase.Update)]
    [InlineData("end", MotionPhase.End)]
    public void Motion_without_a_region_decodes_for_every_phase(string phase, MotionPhase expected)
    {
        var message = Decode(MotionTopic("cam-17"), $$"""{"id":"m-2","ts":"{{RecentTs}}","phase":"{{phase}}","score":1}""");

        var motion = Assert.IsType<EdgeMessage.Motion>(message);
        Assert.Equal("cam-17", motion.Camera);
        Assert.Equal(new MotionObservation("m-2", Recent, expected, null, null, 1.0), motion.Observation);
    }

    [Fact]
    public void Motion_of_a_dome_camera_at_one_of_its_presets_decodes_with_the_preset()
    {
        var message = Decode(MotionTopic("dome-01"), $$"""{"id":"d-1","ts":"{{RecentTs}}","phase":"update","preset":4,"score":0}""");

        var motion = Assert.IsType<EdgeMessage.Motion>(message);
        Assert.Equal("dome-01", motion.Camera);
        Assert.Equal(new MotionObservation("d-1", Recent, MotionPhase.Update, null, 4, 0.0), motion.Observation);
    }

    [Fact]
    public void Segment_in_the_cameras_own_footage_folder_decodes_with_its_values()
    {
        var message = Decode(SegmentTopic("cam-02"),
            $$"""{"id":"s-1","start":"2026-03-10T11:58:00.000Z","end":"{{RecentTs}}","object":"footage/domus-almere-poort/cam-02/2026/03/10/1158.mp4","bytes":1048576,"sha256":"{{HostileInputs.Sha256}}"}""");

        var segment = Assert.IsType<EdgeMessage.Segment>(message);
        Assert.Equal(
            new EdgeMessage.Segment(Site, "cam-02", new SegmentObservation("s-1", Recent.AddMinutes(-1), Recent, "footage/domus-almere-poort/cam-02/2026/03/10/1158.mp4", 1048576, HostileInputs.Sha256)),
            segment);
    }

    [Theory]
    [InlineData("online", true)]
    [InlineData("offline", false)]
    public void Status_decodes_online_or_offline(string state, bool online)
    {
        var message = Decode(StatusTopic("cam-05"), $$"""{"state":"{{state}}","ts":"{{RecentTs}}"}""");

        var status = Assert.IsType<EdgeMessage.Status>(message);
        Assert.Equal("cam-05", status.Camera);
        Assert.Equal(new StatusObservation(online, Recent), status.Observation);
    }

    [Fact]
    public void Gate_event_with_a_badge_decodes_with_its_values()
    {
        var message = Decode(GateTopic(), $$"""{"id":"g-1","ts":"{{RecentTs}}","kind":"badge","badge":"0042"}""");

        Assert.Equal(new EdgeMessage.Gate(Site, "hoofdingang", new GateObservation("g-1", Recent, "badge", "0042")), message);
    }

    [Theory]
    [InlineData("opened")]
    [InlineData("closed")]
    [InlineData("forced")]
    [InlineData("held-open")]
    [InlineData("intercom")]
    public void Gate_event_without_a_badge_decodes_for_every_kind(string kind)
    {
        var message = Decode(GateTopic(), $$"""{"id":"g-2","ts":"{{RecentTs}}","kind":"{{kind}}"}""");

        Assert.Equal(new EdgeMessage.Gate(Site, "hoofdingang", new GateObservation("g-2", Recent, kind, null)), message);
    }

    [Fact]
    public void A_timestamp_with_an_offset_is_converted_to_utc()
    {
        // The contract asks for UTC; an explicit offset is unambiguous, so it is accepted and normalised.
        var motion = Assert.IsType<EdgeMessage.Motion>(Decode(MotionTopic(), """{"id":"m-3","ts":"2026-03-10T12:59:00.000+01:00","phase":"start","score":0.5}"""));

        Assert.Equal(Recent, motion.Observation.Ts);
        Assert.Equal(TimeSpan.Zero, motion.Observation.Ts.Offset);
    }

    [Theory]
    [InlineData("2026-03-10T12:04:59.000Z")] // just inside the 5 minutes of clock skew
    [InlineData("2026-02-10T12:00:01.000Z")] // just inside the 28 days of retention
    public void Timestamps_just_inside_the_allowed_window_are_accepted(string ts)
    {
        Assert.IsType<EdgeMessage.Motion>(Decode(MotionTopic(), $$"""{"id":"m-4","ts":"{{ts}}","phase":"start","score":0.5}"""));
    }

    [Fact]
    public void A_payload_of_exactly_16_KiB_is_accepted()
    {
        var payload = HostileInputs.Pad($$"""{"id":"m-5","ts":"{{RecentTs}}","phase":"start","score":0.5}""", EdgeMessageDecoder.MaxPayloadBytes);

        Assert.IsType<EdgeMessage.Motion>(Decode(MotionTopic(), payload));
    }

    [Fact]
    public void A_payload_split_over_several_buffers_decodes_like_one()
    {
        // A broker hands large payloads over as a chain of buffers; the decoder must read across them.
        var bytes = Encoding.UTF8.GetBytes($$"""{"id":"m-6","ts":"{{RecentTs}}","phase":"end","region":"gate","score":0.25}""");
        var first = new Chunk(bytes.AsMemory(0, 7));
        var last = first.Append(bytes.AsMemory(7, 20)).Append(bytes.AsMemory(27));
        var payload = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);

        var motion = Assert.IsType<EdgeMessage.Motion>(NewDecoder().Decode(MotionTopic(), payload));
        Assert.Equal(new MotionObservation("m-6", Recent, MotionPhase.End, "gate", null, 0.25), motion.Observation);
    }

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Chunk Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Chunk(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
