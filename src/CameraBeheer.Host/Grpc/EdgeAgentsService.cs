using System.Collections.Immutable;
using CameraBeheer.Contracts.EdgeAgents;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.Text;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Domain;
using CameraBeheer.Domain.Desk;
using CameraBeheer.Ingest;

namespace CameraBeheer.Host.Grpc;

/// <summary>
/// The register of edge agents allowed on the MQTT broker (role admin). The secret is made here, shown once, and only its
/// Mosquitto-format hash goes to the register; every change is in the audit log before it is made.
/// </summary>
[Authorize(Roles = Admin)]
public sealed class EdgeAgentsService(SiteConfiguration site, IGrainFactory grains, CallerAudit audit, IEdgeAgentSessions sessions) : Contracts.V1.EdgeAgents.EdgeAgentsBase
{
    /// <summary>More agents than this on one site is a mistake in a script, not an installation.</summary>
    public const int MaxAgents = 1_000;

    public override async Task<AddEdgeAgentReply> Add(AddEdgeAgentRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var name = AgentName(request.Name);
        var cameras = Known("cameras", request.AllCameras, request.Cameras, site.Cameras.Select(c => c.Id), "camera");
        var gates = Known("gates", request.AllGates, request.Gates, site.Gates.Select(g => g.Id), "gate");
        if (cameras.IsEmpty && gates.IsEmpty) throw RequestChecks.Invalid("cameras", "give at least one camera or gate the agent publishes for (--cameras, --gates)");

        var register = grains.GetGrain<IEdgeAgentsGrain>(siteId);
        if ((await register.ListAsync()).Length >= MaxAgents)
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"site '{siteId}' already has {MaxAgents} edge agents; revoked ones count too"));
        var secret = EdgeAgentSecret.New();
        var target = $"{siteId}/edge-agents/{name}";
        var agent = await ChangeAsync(context, target, Reason(request.Reason, $"cameras {string.Join(',', cameras)}; gates {string.Join(',', gates)}"),
            () => register.AddAsync(name, cameras, gates, MosquittoPasswordHash.Create(secret), CallerAudit.Caller(context).Name));
        if (agent is null)
        {
            await audit.RecordAsync(context, target, "refused: the name is taken");
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"name: there is already an edge agent '{name}' (revoked agents keep their name); choose another name"));
        }
        await audit.RecordAsync(context, target, "ok");
        return new AddEdgeAgentReply { Agent = Describe(siteId, agent), Secret = secret };
    }

    public override async Task<ListEdgeAgentsReply> List(ListEdgeAgentsRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var registered = await grains.GetGrain<IEdgeAgentsGrain>(siteId).ListAsync();
        var liveness = (await grains.GetGrain<IEdgeLivenessGrain>(siteId).ListAsync()).ToDictionary(l => l.Agent, StringComparer.Ordinal);
        var agents = registered.Select(a => WithLiveness(Describe(siteId, a), liveness.GetValueOrDefault(a.Name)))
            .Concat(liveness.Values.Where(l => !registered.Any(a => a.Name == l.Agent))
                .Select(l => WithLiveness(new EdgeAgentInfo { Name = l.Agent, StatusTopic = EdgeTopics.AgentStatus(siteId, l.Agent), Unregistered = true }, l)))
            .OrderBy(a => a.Name, StringComparer.Ordinal);
        var reply = new ListEdgeAgentsReply();
        reply.Agents.AddRange(agents);
        return reply;
    }

    public override async Task<EdgeAgentInfo> Revoke(RevokeEdgeAgentRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var name = AgentName(request.Name);
        var target = $"{siteId}/edge-agents/{name}";
        var agent = await ChangeAsync(context, target, Reason(request.Reason, null),
            () => grains.GetGrain<IEdgeAgentsGrain>(siteId).RevokeAsync(name, CallerAudit.Caller(context).Name));
        if (agent is null)
        {
            await audit.RecordAsync(context, target, "refused: no such agent");
            throw new RpcException(new Status(StatusCode.NotFound, $"name: there is no edge agent '{name}' at site '{siteId}'"));
        }
        // Stored first, then the live connection goes: a reconnect is refused because the register already says revoked.
        var closed = await sessions.DisconnectAsync(name);
        await audit.RecordAsync(context, target, closed > 0 ? $"ok; {closed} live connection(s) closed" : "ok");
        return Describe(siteId, agent);
    }

    public override async Task<ExportMosquittoReply> ExportMosquitto(ExportMosquittoRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var backendUser = string.IsNullOrEmpty(request.BackendUser) ? MosquittoFiles.DefaultBackendUser : request.BackendUser;
        if (!Ids.IsValid(backendUser)) throw RequestChecks.Invalid("backend_user", $"'{Printable.Excerpt(backendUser, 70)}' is not a user name ({Ids.Rule})");
        var agents = (await grains.GetGrain<IEdgeAgentsGrain>(siteId).ListAsync())
            .Where(a => !a.IsRevoked)
            .Select(a => new MosquittoAgent(a.Name, a.SecretHash, new EdgeAgentRights(siteId, a.Name, a.Cameras, a.Gates)))
            .ToList();
        if (agents.Any(a => a.Name == backendUser))
            throw RequestChecks.Invalid("backend_user", $"'{backendUser}' is the name of an edge agent; the backend needs a user of its own");
        // Hashes leave the backend here: who took them is on record.
        await audit.RecordAsync(context, $"{siteId}/edge-agents", $"exported {agents.Count} agent(s) for Mosquitto");
        return new ExportMosquittoReply
        {
            PasswordFile = MosquittoFiles.PasswordFile(agents),
            Acl = MosquittoFiles.Acl(siteId, agents, backendUser),
            Agents = agents.Count,
            BackendUser = backendUser,
        };
    }

    private async Task<T> ChangeAsync<T>(ServerCallContext context, string target, string? reason, Func<Task<T>> change)
    {
        await audit.RecordAsync(context, target, "requested", reason);
        try
        {
            return await change();
        }
        catch (DeskException e)
        {
            await audit.RecordAsync(context, target, $"refused: {e.Message}", reason);
            throw DeskCalls.ToRpc(e);
        }
        catch (Exception e) when (e is not RpcException)
        {
            await audit.RecordAsync(context, target, $"failed: {e.GetType().Name}", reason);
            throw;
        }
    }

    private static string AgentName(string name)
    {
        if (string.IsNullOrEmpty(name)) throw RequestChecks.Invalid("name", "is required: the agent's name, which is also its MQTT user name");
        if (!Ids.IsValid(name)) throw RequestChecks.Invalid("name", $"'{Printable.Excerpt(name, 70)}' is not an agent name ({Ids.Rule})");
        return name;
    }

    private static ImmutableArray<string> Known(string field, bool all, IEnumerable<string> requested, IEnumerable<string> ofSite, string what)
    {
        var known = ofSite.ToHashSet(StringComparer.Ordinal);
        if (all) return [.. known.Order(StringComparer.Ordinal)];
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var id in requested)
        {
            if (!Ids.IsValid(id)) throw RequestChecks.Invalid(field, $"'{Printable.Excerpt(id, 70)}' is not a {what} id ({Ids.Rule})");
            if (!known.Contains(id)) throw RequestChecks.Invalid(field, $"'{id}' is not a {what} of this site");
            ids.Add(id);
        }
        return [.. ids];
    }

    private static string? Reason(string given, string? detail) =>
        string.IsNullOrWhiteSpace(given) ? detail : detail is null ? given : $"{given} ({detail})";

    /// <summary>Adds what the agent's status messages said; an agent never heard of is "unknown".</summary>
    private static EdgeAgentInfo WithLiveness(EdgeAgentInfo info, AgentLiveness? liveness)
    {
        info.State = (liveness?.State ?? AgentState.Unknown).ToString().ToLowerInvariant();
        info.LastSeen = Timestamps.Stamp(liveness?.LastSeen);
        info.StateSince = Timestamps.Stamp(liveness?.Since);
        return info;
    }

    private static EdgeAgentInfo Describe(string siteId, EdgeAgentRecord a)
    {
        var info = new EdgeAgentInfo
        {
            Name = a.Name,
            CreatedAt = Timestamps.Stamp(a.CreatedAt),
            CreatedBy = a.CreatedBy,
            RevokedAt = Timestamps.Stamp(a.RevokedAt),
            RevokedBy = a.RevokedBy ?? "",
            StatusTopic = EdgeTopics.AgentStatus(siteId, a.Name),
        };
        info.Cameras.AddRange(a.Cameras);
        info.Gates.AddRange(a.Gates);
        return info;
    }
}
