using System.Collections.Concurrent;
using CameraBeheer.Contracts.EdgeAgents;
using CameraBeheer.Domain;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Ingest;

/// <summary>Why a connection is refused (none: it is let in).</summary>
public enum ConnectRefusal
{
    None,

    /// <summary>No user name, an unknown one, or the wrong secret: the answer does not say which.</summary>
    BadUserNameOrPassword,

    /// <summary>The right secret of a revoked agent, or a client id that belongs to another agent.</summary>
    NotAuthorized,

    /// <summary>An empty client id without clean start: there is no session to resume under no name.</summary>
    ClientIdNotValid,
}

/// <summary>The outcome of a connect: the agent, the client id it will use (assigned when it sent none), or the refusal and why.</summary>
public sealed record ConnectVerdict(ConnectRefusal Refusal, string? Agent, string? ClientId, string Why)
{
    public bool Accepted => Refusal == ConnectRefusal.None;
}

/// <summary>
/// The embedded broker's rules for edge agents: who may connect (a known, unrevoked agent with its secret), under which
/// client id (one that no other agent has used: a session is never handed to other credentials), and what a connection
/// may publish (<see cref="EdgeAgentRights"/> of the agent that owns its client id).
/// </summary>
/// <remarks>
/// Rights are looked up by client id, not by the user name a publish carries: the broker keeps a session's state per
/// client id, so tying the id to one agent is what makes the rights of the connection and of its session the same.
/// </remarks>
public sealed class EdgeAgentAccess(IEdgeAgentDirectory directory, SiteConfiguration site)
{
    // Verified against when the user is unknown, so an unknown name costs the same time as a wrong secret.
    private static readonly string DecoyHash = MosquittoPasswordHash.Create(EdgeAgentSecret.New());

    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EdgeAgentRights> _rights = new(StringComparer.Ordinal);

    public async Task<ConnectVerdict> CheckConnectAsync(string? userName, string? password, string? clientId, bool cleanStart, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userName)) return Refuse(ConnectRefusal.BadUserNameOrPassword, null, "no user name (anonymous clients are not let in)");
        var agent = Ids.IsValid(userName) ? await directory.FindAsync(userName, cancellationToken).ConfigureAwait(false) : null;
        var secretMatches = MosquittoPasswordHash.Verify(password ?? "", agent?.SecretHash ?? DecoyHash);
        if (agent is null) return Refuse(ConnectRefusal.BadUserNameOrPassword, null, "unknown user");
        if (!secretMatches) return Refuse(ConnectRefusal.BadUserNameOrPassword, agent.Name, "wrong secret");
        if (agent.IsRevoked) return Refuse(ConnectRefusal.NotAuthorized, agent.Name, $"agent revoked at {agent.RevokedAt:u} by {agent.RevokedBy}");

        if (string.IsNullOrEmpty(clientId))
        {
            if (!cleanStart) return Refuse(ConnectRefusal.ClientIdNotValid, agent.Name, "an empty client id needs clean start");
            clientId = $"{agent.Name}-{Guid.NewGuid():N}";
        }

        var owner = _owners.GetOrAdd(clientId, agent.Name);
        if (owner != agent.Name) return Refuse(ConnectRefusal.NotAuthorized, agent.Name, "the client id belongs to another agent");
        _rights[agent.Name] = new EdgeAgentRights(site.Site.Id, agent.Name, agent.Cameras, agent.Gates);
        return new ConnectVerdict(ConnectRefusal.None, agent.Name, clientId, "ok");
    }

    /// <summary>True when the connection of <paramref name="clientId"/> belongs to a trusted agent allowed to publish <paramref name="topic"/>.</summary>
    public bool MayPublish(string? clientId, string? topic) =>
        clientId is not null && _owners.TryGetValue(clientId, out var agent) && _rights.TryGetValue(agent, out var rights) && rights.MayPublish(topic);

    /// <summary>The agent a client id belongs to, or null.</summary>
    public string? OwnerOf(string? clientId) => clientId is not null && _owners.TryGetValue(clientId, out var agent) ? agent : null;

    /// <summary>Stops trusting the agent's connections at once (it was revoked): their publishes are refused from now on.</summary>
    public void Forget(string agent) => _rights.TryRemove(agent, out _);

    private static ConnectVerdict Refuse(ConnectRefusal refusal, string? agent, string why) => new(refusal, agent, null, why);
}
