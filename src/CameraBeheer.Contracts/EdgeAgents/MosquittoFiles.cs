using System.Text;
using CameraBeheer.Contracts.Mqtt;

namespace CameraBeheer.Contracts.EdgeAgents;

/// <summary>One agent as the Mosquitto files need it.</summary>
public sealed record MosquittoAgent(string Name, string SecretHash, EdgeAgentRights Rights);

/// <summary>
/// The password file (<c>mosquitto_passwd</c> format: <c>user:$7$…</c> per line) and the ACL file (one <c>user</c> block per
/// agent with exactly its <see cref="EdgeAgentRights.Topics"/>, then the backend's read block) for Mosquitto 2.x.
/// </summary>
public static class MosquittoFiles
{
    /// <summary>The backend's Mosquitto user when none is named (<c>Mqtt:UserName</c> of the backend).</summary>
    public const string DefaultBackendUser = "camerabeheer-backend";

    public static string PasswordFile(IEnumerable<MosquittoAgent> agents, (string User, string Hash)? backend = null)
    {
        ArgumentNullException.ThrowIfNull(agents);
        var text = new StringBuilder();
        foreach (var agent in agents.OrderBy(a => a.Name, StringComparer.Ordinal))
            text.Append(agent.Name).Append(':').Append(agent.SecretHash).Append('\n');
        if (backend is { } b) text.Append(b.User).Append(':').Append(b.Hash).Append('\n');
        return text.ToString();
    }

    public static string Acl(string site, IEnumerable<MosquittoAgent> agents, string backendUser)
    {
        ArgumentNullException.ThrowIfNull(agents);
        var text = new StringBuilder();
        text.Append("# Mosquitto ACL of site ").Append(site).Append(", written by `camerabeheer agents export-mosquitto`; do not edit by hand.\n");
        text.Append("# Each edge agent may publish only the topics of its own cameras and gates and its own status and receipt topics, and read nothing.\n");
        text.Append("# No topic line stands before the first `user`: anonymous clients get no rights at all.\n");
        foreach (var agent in agents.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            text.Append('\n').Append("user ").Append(agent.Name).Append('\n');
            foreach (var topic in agent.Rights.Topics) text.Append("topic write ").Append(topic).Append('\n');
        }
        text.Append('\n').Append("# The backend: reads contract v1 (also through $share/) and the agents' status and receipt topics; publishes nothing.\n");
        text.Append("user ").Append(backendUser).Append('\n');
        text.Append("topic read ").Append(EdgeTopics.SubscriptionFilter).Append('\n');
        text.Append("topic read ").Append(EdgeTopics.AgentStatus(site, "+")).Append('\n');
        text.Append("topic read ").Append(EdgeTopics.AgentReceipt(site, "+")).Append('\n');
        return text.ToString();
    }
}
