using System.Net;
using Microsoft.Extensions.Configuration;

namespace CameraBeheer.Host.Hosting;

/// <summary>The host's own settings, read once from configuration and validated before anything starts.</summary>
/// <remarks>A record read while building, not options checked by <c>ValidateOnStart</c>: Kestrel's listeners and the
/// silo are configured from these values before the service provider exists.</remarks>
public sealed record HostSettings(string DataDirectory, IPAddress GrpcAddress, int GrpcPort, string SiteConfigFile, int SiloPort, int GatewayPort)
{
    public const string DefaultSiteConfig = "config/sites/domus-almere-poort.json";


    public static HostSettings From(IConfiguration configuration)
    {
        var data = Path.GetFullPath(configuration["Data"] is { Length: > 0 } d ? d : "./data");
        var grpcPort = Port(configuration, "Grpc:Port", 5080);
        var bind = configuration["Grpc:BindAddress"] ?? "127.0.0.1";
        if (!IPAddress.TryParse(bind, out var address)) throw new ArgumentException($"Grpc:BindAddress '{bind}' is not an IP address");
        var siloPort = Port(configuration, "Orleans:SiloPort", 0);
        var gatewayPort = Port(configuration, "Orleans:GatewayPort", 0);
        // Checked here whatever set it (flag, appsettings, environment), before anything listens.
        // Checked here with the flag's words, before anything starts; TelemetryRegistration reads it (MetricsSettings).
        _ = Port(configuration, "Metrics:Port", MetricsSettings.DefaultPort, HostArguments.CheckMetricsPort);
        return new HostSettings(data, address, grpcPort, ResolveSiteConfig(configuration["Site:ConfigFile"]), siloPort, gatewayPort);
    }

    private static int Port(IConfiguration configuration, string key, int fallback, Action<string, string>? check = null)
    {
        var value = configuration[key];
        if (string.IsNullOrEmpty(value)) return fallback;
        (check ?? HostArguments.CheckPort)(key, value);
        return int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A relative path is looked up from the working directory first, then beside the executable (where the build copies the bundled site).</summary>
    private static string ResolveSiteConfig(string? configured)
    {
        var path = string.IsNullOrEmpty(configured) ? DefaultSiteConfig : configured;
        if (Path.IsPathRooted(path) || File.Exists(path)) return Path.GetFullPath(path);
        var besideExe = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(besideExe) ? besideExe : Path.GetFullPath(path);
    }
}
