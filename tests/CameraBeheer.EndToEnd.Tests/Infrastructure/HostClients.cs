// The parent namespace, so that every test finds these beside the kit's HostProcess and ThreeNodeCluster.

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The CLI's gRPC client for a host or a cluster node (the test kit itself does not reference the CLI).</summary>
public static class HostClients
{
    public static CameraBeheerClient Client(this HostProcess host, string? role, string name = "Test User") =>
        new(host.GrpcUrl, role is null ? null : host.Token(role, name));

    public static CameraBeheerClient Client(this ThreeNodeCluster cluster, int node, string? role, string name = "Test User") =>
        new(cluster.GrpcUrl(node), role is null ? null : cluster.Token(role, name));
}
