using System.Collections.Immutable;
using CameraBeheer.Abstractions;
using CameraBeheer.Contracts.EdgeAgents;

namespace CameraBeheer.Ingest.Tests.EdgeAgents;

/// <summary>The embedded broker's decisions about connects and publishes, with the register faked.</summary>
public sealed class EdgeAgentAccessTests
{
    private const string Secret = "the-right-secret";
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeDirectory _directory = new();
    private readonly EdgeAgentAccess _access;

    public EdgeAgentAccessTests()
    {
        _directory.Add(new EdgeAgentRecord("edge-a", ["cam-01"], ["hoofdingang"], MosquittoPasswordHash.Create(Secret), Created, "admin"));
        _directory.Add(new EdgeAgentRecord("edge-b", ["cam-02"], [], MosquittoPasswordHash.Create(Secret), Created, "admin"));
        _directory.Add(new EdgeAgentRecord("edge-old", ["cam-03"], [], MosquittoPasswordHash.Create(Secret), Created, "admin", Created.AddDays(1), "admin"));
        _access = new EdgeAgentAccess(_directory, DecoderFixture.SiteConfiguration);
    }

    [Theory]
    [InlineData(null, Secret, ConnectRefusal.BadUserNameOrPassword)]
    [InlineData("", Secret, ConnectRefusal.BadUserNameOrPassword)]
    [InlineData("nobody", Secret, ConnectRefusal.BadUserNameOrPassword)]
    [InlineData("EDGE-A", Secret, ConnectRefusal.BadUserNameOrPassword)]
    [InlineData("edge-a", "wrong", ConnectRefusal.BadUserNameOrPassword)]
    [InlineData("edge-a", null, ConnectRefusal.BadUserNameOrPassword)]
    [InlineData("edge-old", Secret, ConnectRefusal.NotAuthorized)]
    [InlineData("edge-old", "wrong", ConnectRefusal.BadUserNameOrPassword)]
    [InlineData("edge-a", Secret, ConnectRefusal.None)]
    public async Task Only_a_known_unrevoked_agent_with_its_secret_gets_in(string? user, string? password, ConnectRefusal expected)
    {
        var verdict = await _access.CheckConnectAsync(user, password, "client-1", cleanStart: true, TestContext.Current.CancellationToken);
        Assert.Equal(expected, verdict.Refusal);
    }

    [Fact]
    public async Task A_client_id_stays_with_the_agent_that_used_it_first()
    {
        Assert.True((await ConnectAsync("edge-a", "shared-id")).Accepted);
        var other = await ConnectAsync("edge-b", "shared-id");
        Assert.Equal(ConnectRefusal.NotAuthorized, other.Refusal);
        Assert.True((await ConnectAsync("edge-a", "shared-id")).Accepted);
        // The refused agent gained nothing: the id's publishes are still judged by edge-a's rights.
        Assert.True(_access.MayPublish("shared-id", "camerabeheer/v1/domus-almere-poort/camera/cam-01/motion"));
        Assert.False(_access.MayPublish("shared-id", "camerabeheer/v1/domus-almere-poort/camera/cam-02/motion"));
    }

    [Fact]
    public async Task An_empty_client_id_gets_one_with_clean_start_only()
    {
        var assigned = await _access.CheckConnectAsync("edge-a", Secret, "", cleanStart: true, TestContext.Current.CancellationToken);
        Assert.True(assigned.Accepted);
        Assert.StartsWith("edge-a-", assigned.ClientId);
        Assert.True(_access.MayPublish(assigned.ClientId, "camerabeheer/v1/domus-almere-poort/gate/hoofdingang/event"));

        var resumed = await _access.CheckConnectAsync("edge-a", Secret, "", cleanStart: false, TestContext.Current.CancellationToken);
        Assert.Equal(ConnectRefusal.ClientIdNotValid, resumed.Refusal);
    }

    [Fact]
    public async Task Publishes_follow_the_agent_of_the_client_id_and_stop_when_it_is_forgotten()
    {
        await ConnectAsync("edge-a", "a-1");
        await ConnectAsync("edge-b", "b-1");
        Assert.True(_access.MayPublish("a-1", "camerabeheer/v1/domus-almere-poort/camera/cam-01/motion"));
        Assert.False(_access.MayPublish("a-1", "camerabeheer/v1/domus-almere-poort/camera/cam-02/motion"));
        Assert.True(_access.MayPublish("b-1", "camerabeheer/v1/domus-almere-poort/camera/cam-02/motion"));
        Assert.False(_access.MayPublish("unknown-client", "camerabeheer/v1/domus-almere-poort/camera/cam-01/motion"));
        Assert.False(_access.MayPublish(null, "camerabeheer/v1/domus-almere-poort/camera/cam-01/motion"));

        _access.Forget("edge-a");
        Assert.False(_access.MayPublish("a-1", "camerabeheer/v1/domus-almere-poort/camera/cam-01/motion"));
        Assert.True(_access.MayPublish("b-1", "camerabeheer/v1/domus-almere-poort/camera/cam-02/motion"));
    }

    [Fact]
    public async Task A_revoke_in_the_register_is_seen_at_the_next_connect()
    {
        Assert.True((await ConnectAsync("edge-b", "b-2")).Accepted);
        _directory.Add(_directory.Agents["edge-b"] with { RevokedAt = Created.AddDays(2), RevokedBy = "admin" });
        Assert.Equal(ConnectRefusal.NotAuthorized, (await ConnectAsync("edge-b", "b-2")).Refusal);
    }

    private Task<ConnectVerdict> ConnectAsync(string user, string clientId) =>
        _access.CheckConnectAsync(user, Secret, clientId, cleanStart: false, TestContext.Current.CancellationToken);

    private sealed class FakeDirectory : IEdgeAgentDirectory
    {
        public Dictionary<string, EdgeAgentRecord> Agents { get; } = [];

        public void Add(EdgeAgentRecord agent) => Agents[agent.Name] = agent;

        public Task<EdgeAgentRecord?> FindAsync(string name, CancellationToken cancellationToken) => Task.FromResult(Agents.GetValueOrDefault(name));
    }
}
