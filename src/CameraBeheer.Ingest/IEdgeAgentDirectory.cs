using CameraBeheer.Abstractions;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Ingest;

/// <summary>Where the broker looks an edge agent up when it connects: the site's agent register.</summary>
public interface IEdgeAgentDirectory
{
    /// <summary>The agent of this name (revoked or not), or null.</summary>
    Task<EdgeAgentRecord?> FindAsync(string name, CancellationToken cancellationToken);
}

/// <summary>The register grain of the backend's site. Not cached: a revoked agent is refused at its very next connect.</summary>
public sealed class GrainEdgeAgentDirectory(IGrainFactory grains, SiteConfiguration site) : IEdgeAgentDirectory
{
    public Task<EdgeAgentRecord?> FindAsync(string name, CancellationToken cancellationToken) =>
        grains.GetGrain<IEdgeAgentsGrain>(site.Site.Id).FindAsync(name).WaitAsync(cancellationToken);
}

/// <summary>Ends the live connections of an agent that was just revoked (the embedded broker; nothing behind Mosquitto).</summary>
public interface IEdgeAgentSessions
{
    /// <summary>Stops trusting the agent's open connections and closes them; returns how many were closed.</summary>
    Task<int> DisconnectAsync(string agent);
}
