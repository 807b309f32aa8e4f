namespace CameraBeheer.Abstractions;

/// <summary>
/// The durable register of a site's edge agents (key: the site id): who may connect to the MQTT broker, with which
/// secret (a Mosquitto <c>$7$</c> hash, never the secret), and which cameras and gates it publishes for.
/// </summary>
public interface IEdgeAgentsGrain : IGrainWithStringKey
{
    /// <summary>Adds the agent; null when its name is taken (also by a revoked agent: names are never given out twice).</summary>
    Task<EdgeAgentRecord?> AddAsync(string name, ImmutableArray<string> cameras, ImmutableArray<string> gates, string secretHash, string by);

    /// <summary>Revokes the agent (a second revoke changes nothing); null when there is no agent of that name.</summary>
    Task<EdgeAgentRecord?> RevokeAsync(string name, string by);

    [Orleans.Concurrency.ReadOnly]
    Task<ImmutableArray<EdgeAgentRecord>> ListAsync();

    /// <summary>The agent, revoked or not, or null.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<EdgeAgentRecord?> FindAsync(string name);
}

[GenerateSerializer, Immutable]
public sealed record EdgeAgentRecord(
    [property: Id(0)] string Name,
    [property: Id(1)] ImmutableArray<string> Cameras,
    [property: Id(2)] ImmutableArray<string> Gates,
    [property: Id(3)] string SecretHash,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string CreatedBy,
    [property: Id(6)] DateTimeOffset? RevokedAt = null,
    [property: Id(7)] string? RevokedBy = null)
{
    public bool IsRevoked => RevokedAt is not null;
}
