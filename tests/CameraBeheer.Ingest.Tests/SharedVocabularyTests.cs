using CameraBeheer.Contracts.Mqtt;

namespace CameraBeheer.Ingest.Tests;

/// <summary>What the edge makes with the shared vocabulary is what the backend reads with it: one rule, two sides.</summary>
public sealed class SharedVocabularyTests
{
    [Fact]
    public void Every_topic_the_edge_builds_is_read_back_to_its_site_kind_and_source()
    {
        Assert.True(EdgeTopics.TryParse(EdgeTopics.Motion("s-1", "cam-01"), out var site, out var kind, out var source));
        Assert.Equal(("s-1", EdgeMessageKind.Motion, "cam-01"), (site, kind, source));
        Assert.True(EdgeTopics.TryParse(EdgeTopics.Segment("s-1", "cam-01"), out _, out kind, out _));
        Assert.Equal(EdgeMessageKind.Segment, kind);
        Assert.True(EdgeTopics.TryParse(EdgeTopics.Status("s-1", "cam-01"), out _, out kind, out _));
        Assert.Equal(EdgeMessageKind.Status, kind);
        Assert.True(EdgeTopics.TryParse(EdgeTopics.Gate("s-1", "poort"), out _, out kind, out source));
        Assert.Equal((EdgeMessageKind.Gate, "poort"), (kind, source));

        Assert.True(EdgeTopics.TryParseAgent(EdgeTopics.AgentStatus("s-1", "edge-a"), EdgeTopics.AgentStatusLeaf, out site, out var agent));
        Assert.Equal(("s-1", "edge-a"), (site, agent));
        Assert.True(EdgeTopics.IsAgentStatus(EdgeTopics.AgentStatus("s-1", "edge-a")));
        Assert.True(EdgeTopics.IsAgentReceipt(EdgeTopics.AgentReceipt("s-1", "edge-a")));
        Assert.False(EdgeTopics.TryParseAgent(EdgeTopics.AgentReceipt("s-1", "edge-a"), EdgeTopics.AgentStatusLeaf, out _, out _));
        Assert.False(EdgeTopics.TryParse("camerabeheer/v1/s-1/camera/cam-01/event", out _, out _, out _));
    }

    [Fact]
    public void Every_event_id_the_edge_makes_passes_the_backends_check_and_the_rule_refuses_what_the_decoder_refuses()
    {
        var t = new DateTimeOffset(2026, 11, 22, 10, 0, 2, 123, TimeSpan.Zero);
        foreach (var id in new[] { EdgeEventIds.Segment(t), EdgeEventIds.Motion(t, 3), EdgeEventIds.Gate(t, GateEventKinds.HeldOpen, 0) })
        {
            Assert.True(EdgeEventIds.IsValid(id), id);
            Assert.Null(EdgeEventIds.Problem(id));
        }

        Assert.False(EdgeEventIds.IsValid(""));
        Assert.Equal("65 characters; at most 64", EdgeEventIds.Problem(new string('a', 65)));
        Assert.Equal("ids may not contain '..'", EdgeEventIds.Problem("a..b"));
        Assert.Contains("contains '/'", EdgeEventIds.Problem("a/b"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_gate_kinds_of_the_controller_are_the_kinds_the_decoder_accepts()
    {
        foreach (var kind in GateEventKinds.All)
        {
            var payload = $$"""{"id":"g-{{kind}}","ts":"{{DecoderFixture.RecentTs}}","kind":"{{kind}}"}""";
            Assert.IsType<EdgeMessage.Gate>(DecoderFixture.Decode(EdgeTopics.Gate(DecoderFixture.Site, "hoofdingang"), payload));
        }

        Assert.Equal("opened, closed, forced, held-open, badge, intercom", GateEventKinds.List);
    }
}
