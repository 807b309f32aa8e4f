using CameraBeheer.Contracts.EdgeAgents;

namespace CameraBeheer.Ingest.Tests.EdgeAgents;

/// <summary>An agent publishes exactly its own topics; every hostile variation of them is refused.</summary>
public sealed class EdgeAgentRightsTests
{
    private const string Site = "domus-almere-poort";
    private static readonly EdgeAgentRights Rights = new(Site, "edge-a", ["cam-01", "cam-02"], ["hoofdingang"]);

    [Theory]
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/cam-01/motion")]
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/cam-01/segment")]
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/cam-02/status")]
    [InlineData("camerabeheer/v1/domus-almere-poort/gate/hoofdingang/event")]
    [InlineData("camerabeheer/edge/domus-almere-poort/edge-a/status")]
    [InlineData("camerabeheer/edge/domus-almere-poort/edge-a/receipt")]
    public void Its_own_topics_are_allowed(string topic) => Assert.True(Rights.MayPublish(topic));

    [Theory]
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/cam-03/motion")] // another camera
    [InlineData("camerabeheer/v1/domus-almere-poort/gate/achterdeur/event")] // another gate
    [InlineData("camerabeheer/edge/domus-almere-poort/edge-b/status")] // another agent's status
    [InlineData("camerabeheer/edge/domus-almere-poort/edge-b/receipt")] // another agent's receipts
    [InlineData("camerabeheer/v1/other-site/camera/cam-01/motion")] // another site's prefix
    [InlineData("camerabeheer/v1/domus-almere-poort-2/camera/cam-01/motion")]
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/+/motion")]
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/#")]
    [InlineData("#")]
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/cam-01/../cam-03/motion")]
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/cam-03/../cam-01/motion")]
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/cam-01/motion/")]
    [InlineData("/camerabeheer/v1/domus-almere-poort/camera/cam-01/motion")]
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/cam-01/motion/extra")]
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/cam-01/video")]
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/CAM-01/motion")]
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/cam-０1/motion")] // full-width digit
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/cam-01\u200b/motion")] // zero-width space
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/cam-01/motion\0")]
    [InlineData("camerabeheer/v1/domus-almere-poort/gate/hoofdingang/event ")]
    [InlineData("$SYS/broker/clients")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_refused(string? topic) => Assert.False(Rights.MayPublish(topic));

    [Fact]
    public void An_over_long_topic_is_refused_before_any_lookup()
    {
        Assert.False(Rights.MayPublish("camerabeheer/v1/domus-almere-poort/camera/cam-01/motion" + new string('/', 70_000)));
        Assert.False(Rights.MayPublish(new string('a', EdgeAgentRights.MaxTopicLength + 1)));
    }

    [Fact]
    public void The_topic_list_is_stable_and_complete()
    {
        Assert.Equal(
        [
            "camerabeheer/v1/domus-almere-poort/camera/cam-01/motion",
            "camerabeheer/v1/domus-almere-poort/camera/cam-01/segment",
            "camerabeheer/v1/domus-almere-poort/camera/cam-01/status",
            "camerabeheer/v1/domus-almere-poort/camera/cam-02/motion",
            "camerabeheer/v1/domus-almere-poort/camera/cam-02/segment",
            "camerabeheer/v1/domus-almere-poort/camera/cam-02/status",
            "camerabeheer/v1/domus-almere-poort/gate/hoofdingang/event",
            "camerabeheer/edge/domus-almere-poort/edge-a/status",
            "camerabeheer/edge/domus-almere-poort/edge-a/receipt",
        ], new EdgeAgentRights(Site, "edge-a", ["cam-02", "cam-01", "cam-01"], ["hoofdingang"]).Topics);
    }
}
