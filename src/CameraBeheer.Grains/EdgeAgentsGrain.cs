using CameraBeheer.Contracts.EdgeAgents;
using CameraBeheer.Domain;
using CameraBeheer.Domain.Desk;

namespace CameraBeheer.Grains;

/// <summary>Adds and revokes a site's edge agents; saved before it answers. The caller checks the ids against the site.</summary>
public sealed class EdgeAgentsGrain(
    [PersistentState("edge-agents", StorageNames.Default)] IPersistentState<EdgeAgentsState> state,
    TimeProvider time) : Grain, IEdgeAgentsGrain
{
    public async Task<EdgeAgentRecord?> AddAsync(string name, ImmutableArray<string> cameras, ImmutableArray<string> gates, string secretHash, string by)
    {
        if (!Ids.IsValid(name)) throw DeskException.Invalid("name", $"name: not an agent name ({Ids.Rule})");
        if (cameras.IsDefault || cameras.Any(c => !Ids.IsValid(c))) throw DeskException.Invalid("cameras", "cameras: every camera id must follow the id rule");
        if (gates.IsDefault || gates.Any(g => !Ids.IsValid(g))) throw DeskException.Invalid("gates", "gates: every gate id must follow the id rule");
        if (!MosquittoPasswordHash.IsWellFormed(secretHash)) throw new ArgumentException("the secret hash is not in Mosquitto's $7$ format", nameof(secretHash));
        if (Find(name) is not null) return null;

        var agent = new EdgeAgentRecord(name, cameras, gates, secretHash, time.GetUtcNow(), by);
        state.State.Agents.Add(agent);
        await state.SaveOrForgetAsync();
        return agent;
    }

    public async Task<EdgeAgentRecord?> RevokeAsync(string name, string by)
    {
        var index = state.State.Agents.FindIndex(a => a.Name == name);
        if (index < 0) return null;
        var agent = state.State.Agents[index];
        if (agent.IsRevoked) return agent;
        state.State.Agents[index] = agent with { RevokedAt = time.GetUtcNow(), RevokedBy = by };
        await state.SaveOrForgetAsync();
        return state.State.Agents[index];
    }

    public Task<ImmutableArray<EdgeAgentRecord>> ListAsync() =>
        Task.FromResult(state.State.Agents.OrderBy(a => a.Name, StringComparer.Ordinal).ToImmutableArray());

    public Task<EdgeAgentRecord?> FindAsync(string name) => Task.FromResult(Find(name));

    private EdgeAgentRecord? Find(string name) => state.State.Agents.FirstOrDefault(a => a.Name == name);
}
