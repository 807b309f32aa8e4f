using Google.Protobuf.Reflection;
using static CameraBeheer.Contracts.Auth.TokenContract.Roles;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// Who may call what: every RPC of every service and the roles it allows. The one source of the matrix: the test holds
/// the host to it, and the README's table is rendered from it (<see cref="Markdown"/>).
/// </summary>
public static class AuthorisationMatrix
{
    /// <summary>Callable without a token: the standard health check and signing in.</summary>
    public const string Anonymous = "anonymous";

    private static readonly string[] NoTokenNeeded = [Anonymous];
    private static readonly string[] EveryRole = [Operator, Police, Staff, Manager, Admin];

    /// <summary>RPC full name (package.Service/Method) → the roles that may call it. A new RPC needs a row here.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Table = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["camerabeheer.v1.Site/Status"] = EveryRole,
        ["camerabeheer.v1.Site/IngestStatistics"] = [Admin],
        ["camerabeheer.v1.Cameras/List"] = EveryRole,
        ["camerabeheer.v1.Cameras/Get"] = EveryRole,
        ["camerabeheer.v1.Cameras/Events"] = [Operator, Manager, Admin],
        ["camerabeheer.v1.Cameras/Zones"] = [Operator, Manager, Admin],
        ["camerabeheer.v1.Cameras/Still"] = [Operator, Manager, Admin],
        ["camerabeheer.v1.Cameras/Segments"] = [Operator, Manager, Admin],
        ["camerabeheer.v1.Cameras/ReadSegment"] = [Operator, Manager, Admin],
        ["camerabeheer.v1.Alerts/Watch"] = [Operator, Manager],
        ["camerabeheer.v1.Alerts/List"] = [Operator, Manager],
        ["camerabeheer.v1.Alerts/Acknowledge"] = [Operator, Manager],
        ["camerabeheer.v1.Alerts/Resolve"] = [Operator, Manager],
        ["camerabeheer.v1.FootageRequests/Submit"] = [Police],
        ["camerabeheer.v1.FootageRequests/List"] = [Police, Manager, Admin],
        ["camerabeheer.v1.FootageRequests/Get"] = [Police, Manager, Admin],
        ["camerabeheer.v1.FootageRequests/Approve"] = [Manager],
        ["camerabeheer.v1.FootageRequests/Reject"] = [Manager],
        ["camerabeheer.v1.FootageRequests/Cancel"] = [Police],
        ["camerabeheer.v1.FootageRequests/Close"] = [Police, Manager],
        ["camerabeheer.v1.FootageRequests/Retry"] = [Manager],
        ["camerabeheer.v1.FootageRequests/ConfirmInWriting"] = [Police, Manager],
        ["camerabeheer.v1.FootageRequests/Download"] = [Police, Manager],
        ["camerabeheer.v1.FootageRequests/PublicKey"] = EveryRole,
        ["camerabeheer.v1.Retention/Report"] = [Manager, Admin],
        ["camerabeheer.v1.Retention/ListHolds"] = [Police, Manager, Admin],
        ["camerabeheer.v1.Retention/PlaceHold"] = [Manager],
        ["camerabeheer.v1.Retention/RenewHold"] = [Manager],
        ["camerabeheer.v1.Retention/ReleaseHold"] = [Manager],
        ["camerabeheer.v1.Retention/Sweep"] = [Admin],
        ["camerabeheer.v1.Retention/ListEdgeReceipts"] = [Manager, Admin],
        ["camerabeheer.v1.Audit/Verify"] = [Manager, Admin],
        ["camerabeheer.v1.Audit/Day"] = [Manager, Admin],
        ["camerabeheer.v1.Residents/Add"] = [Manager, Admin],
        ["camerabeheer.v1.Residents/Remove"] = [Manager, Admin],
        ["camerabeheer.v1.Residents/List"] = [Operator, Staff, Manager, Admin],
        ["camerabeheer.v1.Guests/CheckIn"] = [Staff, Manager],
        ["camerabeheer.v1.Guests/CheckOut"] = [Staff, Manager],
        ["camerabeheer.v1.Guests/OnSite"] = [Staff, Manager],
        ["camerabeheer.v1.Guests/History"] = [Staff, Manager],
        ["camerabeheer.v1.TimeOuts/Start"] = [Staff, Manager],
        ["camerabeheer.v1.TimeOuts/End"] = [Staff, Manager],
        ["camerabeheer.v1.TimeOuts/List"] = [Staff, Manager],
        ["camerabeheer.v1.PoliceNotifications/List"] = [Police, Staff, Manager],
        ["camerabeheer.v1.PoliceNotifications/Watch"] = [Police],
        ["camerabeheer.v1.PoliceNotifications/Acknowledge"] = [Police],
        ["camerabeheer.v1.Reports/Add"] = [Staff, Manager],
        ["camerabeheer.v1.Reports/Answer"] = [Staff, Manager],
        ["camerabeheer.v1.Reports/LinkHold"] = [Manager],
        ["camerabeheer.v1.Reports/List"] = [Operator, Staff, Manager],
        ["camerabeheer.v1.Evacuation/List"] = [Operator, Staff, Manager],
        ["camerabeheer.v1.Accounts/SignIn"] = NoTokenNeeded,
        ["camerabeheer.v1.Accounts/SignOut"] = EveryRole,
        ["camerabeheer.v1.Accounts/AddUser"] = [Admin],
        ["camerabeheer.v1.Accounts/ListUsers"] = [Admin],
        ["camerabeheer.v1.Accounts/DisableUser"] = [Admin],
        ["camerabeheer.v1.Accounts/ResetPassword"] = [Admin],
        ["camerabeheer.v1.EdgeAgents/Add"] = [Admin],
        ["camerabeheer.v1.EdgeAgents/List"] = [Admin],
        ["camerabeheer.v1.EdgeAgents/Revoke"] = [Admin],
        ["camerabeheer.v1.EdgeAgents/ExportMosquitto"] = [Admin],
        ["grpc.health.v1.Health/Check"] = NoTokenNeeded,
        ["grpc.health.v1.Health/Watch"] = NoTokenNeeded,
        // Server reflection (grpcurl, Postman): the API's shape only, as public as the protos in the repository.
        ["grpc.reflection.v1.ServerReflection/ServerReflectionInfo"] = NoTokenNeeded,
        ["grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"] = NoTokenNeeded,
    };

    /// <summary>Every RPC the clients know, from the generated descriptors of the protos (and the standard health check and server reflection).</summary>
    public static IReadOnlyDictionary<string, MethodDescriptor> Rpcs { get; } = FindRpcs();

    private static Dictionary<string, MethodDescriptor> FindRpcs()
    {
        var files = typeof(Contracts.V1.Alerts).Assembly.GetTypes()
            .Where(t => t.Namespace == "CameraBeheer.Contracts.V1" && t.Name.EndsWith("Reflection", StringComparison.Ordinal) && t.IsAbstract && t.IsSealed)
            .Select(t => (FileDescriptor)t.GetProperty("Descriptor")!.GetValue(null)!)
            .Append(Grpc.Health.V1.HealthReflection.Descriptor)
            .Append(Grpc.Reflection.V1.ReflectionReflection.Descriptor)
            .Append(Grpc.Reflection.V1Alpha.ReflectionReflection.Descriptor);
        return files.SelectMany(f => f.Services).SelectMany(s => s.Methods)
            .ToDictionary(m => $"{m.Service.FullName}/{m.Name}", StringComparer.Ordinal);
    }

    /// <summary>How the README shows an RPC: without the package for CameraBeheer's own services.</summary>
    public static string ShortName(string rpc) => rpc.Replace("camerabeheer.v1.", "", StringComparison.Ordinal);

    /// <summary>The table as it stands in the README: one row per RPC in the order of <see cref="Table"/>, one column per role.</summary>
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append("| RPC | ").AppendJoin(" | ", EveryRole).Append(" |\n");
        text.Append("|---|").Append(string.Concat(EveryRole.Select(_ => ":-:|"))).Append('\n');
        foreach (var (rpc, roles) in Table)
        {
            var cells = roles.Contains(Anonymous)
                ? EveryRole.Select(_ => "✓")
                : EveryRole.Select(r => roles.Contains(r) ? "✓" : "");
            var name = roles.Contains(Anonymous) ? $"`{ShortName(rpc)}` (no token needed)" : $"`{ShortName(rpc)}`";
            text.Append("| ").Append(name).Append(" | ").AppendJoin(" | ", cells).Append(" |\n");
        }
        return text.ToString();
    }
}
