namespace CameraBeheer.Edge.Tests.Messaging;

public sealed class OutboxDropPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Beyond_its_bound_the_oldest_footage_announcement_goes_first_then_the_oldest_event_of_any_kind()
    {
        var policy = new OutboxDropPolicy(maxEvents: 2, maxBytes: 1 << 20);
        var motion = Entry(1, OutboxEventKind.Motion);
        var gate = Entry(2, OutboxEventKind.Gate);
        var segment = Entry(3, OutboxEventKind.Segment);
        var newerSegment = Entry(4, OutboxEventKind.Segment);
        foreach (var entry in new[] { motion, gate, segment, newerSegment })
        {
            policy.Add(entry);
        }

        Assert.True(policy.OverBounds);
        Assert.Same(segment, DropNext(policy));
        Assert.Same(newerSegment, DropNext(policy));
        Assert.False(policy.OverBounds);

        policy.Add(Entry(5, OutboxEventKind.Status));
        Assert.Same(motion, DropNext(policy)); // no footage left: the oldest of any kind
        Assert.Equal((2L, 1L), (policy.DroppedFootage, policy.DroppedOther));
    }

    [Fact]
    public void An_event_in_flight_is_never_dropped_its_publish_decides()
    {
        var policy = new OutboxDropPolicy(maxEvents: 1, maxBytes: 1 << 20);
        var inFlight = Entry(1, OutboxEventKind.Segment);
        var queued = Entry(2, OutboxEventKind.Motion);
        policy.Add(inFlight);
        policy.Add(queued);
        inFlight.State = OutboxEntryState.InFlight;

        Assert.Same(queued, DropNext(policy));
        Assert.False(policy.OverBounds);
        Assert.Null(policy.NextToDrop());
        Assert.Equal(1, policy.OldestLiveSequence());
    }

    [Fact]
    public void The_byte_bound_counts_payload_and_topic()
    {
        var policy = new OutboxDropPolicy(maxEvents: 100, maxBytes: 100);
        var first = Entry(1, OutboxEventKind.Motion, payloadBytes: 60);
        policy.Add(first);
        Assert.False(policy.OverBounds);

        policy.Add(Entry(2, OutboxEventKind.Motion, payloadBytes: 60));
        Assert.True(policy.OverBounds);
        Assert.Same(first, DropNext(policy));
        Assert.Equal(60 + first.Topic.Length, policy.LiveBytes);
    }

    private static OutboxEntry DropNext(OutboxDropPolicy policy)
    {
        var victim = policy.NextToDrop()!;
        victim.State = OutboxEntryState.Dropped;
        policy.Remove(victim);
        policy.CountDrop(victim);
        return victim;
    }

    private static OutboxEntry Entry(long seq, OutboxEventKind kind, int payloadBytes = 10) =>
        OutboxEntry.Create(seq, kind, "cam-01", "t", retain: false, $"e-{seq}", T0.AddSeconds(seq), new byte[payloadBytes], OutboxEntryState.Queued);
}
