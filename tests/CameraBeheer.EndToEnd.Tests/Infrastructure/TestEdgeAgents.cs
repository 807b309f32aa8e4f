using System.Collections.Concurrent;

namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>An edge agent's MQTT credentials: its name (the user name) and its secret (the password).</summary>
public sealed record EdgeCredentials(string User, string Secret);

/// <summary>
/// The edge agent the tests publish as: every camera and gate of the site, added through the real gRPC call with an
/// admin token, the way an administrator would. Once per data folder: the register lives there, so a host restarted on
/// the same folder knows the agent still.
/// </summary>
public static class TestEdgeAgents
{
    public const string Name = "test-edge";

    private static readonly ConcurrentDictionary<string, Lazy<Task<EdgeCredentials>>> Agents = new(StringComparer.Ordinal);

    public static Task<EdgeCredentials> EdgeAgentAsync(this HostProcess host) =>
        Agents.GetOrAdd(host.DataDirectory, _ => new Lazy<Task<EdgeCredentials>>(() => AddAsync(host, Name, allCameras: true, allGates: true))).Value;

    /// <summary>Adds an agent for exactly these cameras and gates.</summary>
    public static async Task<EdgeCredentials> AddAsync(HostProcess host, string name, string[]? cameras = null, string[]? gates = null, bool allCameras = false, bool allGates = false)
    {
        using var admin = host.Client("admin", "Test Administrator");
        var request = new AddEdgeAgentRequest { Name = name, AllCameras = allCameras, AllGates = allGates };
        request.Cameras.AddRange(cameras ?? []);
        request.Gates.AddRange(gates ?? []);
        var reply = await admin.EdgeAgents.AddAsync(request);
        return new EdgeCredentials(reply.Agent.Name, reply.Secret);
    }
}
