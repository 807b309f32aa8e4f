using static CameraBeheer.Ingest.Tests.DecoderFixture;

namespace CameraBeheer.Ingest.Tests;

/// <summary>An agent's own status (and will) is read by the same rules of bad input as contract v1.</summary>
public sealed class AgentStatusDecoderTests
{
    private static string Topic(string agent = "edge", string site = Site) => $"camerabeheer/edge/{site}/{agent}/status";

    [Fact]
    public void A_will_weeks_old_with_drop_and_disk_figures_is_taken_as_an_offline_report()
    {
        // The will carries the time its connection was made: old is normal, not expired.
        var payload = """{"agent":"edge","state":"offline","ts":"2026-01-01T08:00:00.000Z","dropped":{"footageEvents":3,"otherEvents":1,"spoolFiles":0,"spoolBytes":0,"conflicts":0,"last":"2026-03-10T11:00:00.000Z","lastWhat":"segment cam-01"},"disk":{"path":"/var/lib/edge","freeBytes":10,"minimumFreeBytes":100,"refusingFootage":true}}""";

        var status = Assert.IsType<EdgeMessage.AgentStatus>(Decode(Topic(), payload));

        Assert.Equal(("edge", false, new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero)), (status.Report.Agent, status.Report.Online, status.Report.Ts));
        Assert.Equal((3L, 1L, "segment cam-01"), (status.Report.Dropped!.FootageEvents, status.Report.Dropped.OtherEvents, status.Report.Dropped.LastWhat));
        Assert.True(status.Report.Disk!.RefusingFootage);
    }

    [Theory]
    [InlineData("camerabeheer/edge/domus-almere-poort/edge/status", """{"agent":"edge","state":""", RejectReasons.MalformedJson, "not a valid agent status")]
    [InlineData("camerabeheer/edge/domus-almere-poort/edge/status", """{"agent":"edge","state":"asleep","ts":"2026-03-10T11:59:00.000Z"}""", RejectReasons.InvalidField, "is not one of online, offline")]
    [InlineData("camerabeheer/edge/domus-almere-poort/edge/status", """{"agent":"other","state":"online","ts":"2026-03-10T11:59:00.000Z"}""", RejectReasons.InvalidField, "is not the agent of the topic")]
    [InlineData("camerabeheer/edge/domus-almere-poort/edge/status", """{"agent":"edge","state":"online"}""", RejectReasons.MissingField, "'ts'")]
    [InlineData("camerabeheer/edge/domus-almere-poort/edge/status", """{"agent":"edge","state":"online","ts":"2026-03-10T13:00:00.000Z"}""", RejectReasons.FutureTimestamp, "ahead of the backend's clock")]
    [InlineData("camerabeheer/edge/elsewhere/edge/status", """{"agent":"edge","state":"online","ts":"2026-03-10T11:59:00.000Z"}""", RejectReasons.UnknownSite, "not this backend's site")]
    [InlineData("camerabeheer/edge/domus-almere-poort/Edge!/status", """{"agent":"edge","state":"online","ts":"2026-03-10T11:59:00.000Z"}""", RejectReasons.IdOutOfPattern, "out of pattern")]
    [InlineData("camerabeheer/edge/domus-almere-poort/edge/health", """{}""", RejectReasons.UnknownTopic, "not an agent status topic")]
    [InlineData("camerabeheer/edge/domus-almere-poort/edge/status", """{"agent":"edge","state":"online","ts":"2026-03-10T11:59:00.000Z","dropped":{"footageEvents":-1,"otherEvents":0,"spoolFiles":0,"spoolBytes":0,"conflicts":0}}""", RejectReasons.InvalidField, "negative")]
    public void A_malformed_agent_status_is_rejected_with_its_reason(string topic, string payload, string reason, string mentions)
    {
        var rejected = Assert.IsType<EdgeMessage.Rejected>(Decode(topic, payload));

        Assert.Equal(reason, rejected.Reason);
        Assert.Contains(mentions, rejected.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("camerabeheer/v1/domus-almere-poort/camera/cam-01/motion", true)]
    [InlineData("camerabeheer/edge/domus-almere-poort/edge/status", true)]
    [InlineData("camerabeheer/edge/domus-almere-poort/edge/receipt", false)]
    [InlineData("elsewhere/status", false)]
    public void The_backend_takes_in_contract_v1_and_the_agents_status(string topic, bool takesIn) =>
        Assert.Equal(takesIn, EdgeIngest.TakesIn(topic));
}
