using System.Globalization;
using CameraBeheer.Contracts.CommandLine;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// The host's command-line flags, checked strictly (an unknown flag or a bad value stops the start with a message)
/// and turned into configuration keys, so a flag, an appsettings entry and an environment variable
/// (<c>CAMERABEHEER_Grpc__Port</c>) all set the same thing. A flag given twice: the last counts (scripts and tests add
/// to a default command line).
/// </summary>
public static class HostArguments
{
    /// <summary>The Prometheus scrape endpoint's port when neither <c>--metrics-port</c> nor <c>Metrics:Port</c> is given.</summary>
    public const int DefaultMetricsPort = MetricsSettings.DefaultPort;

    public static ConfigurationFlags Flags { get; } = new(
        "CameraBeheer.Host",
        "The CameraBeheer backend: Orleans silo, gRPC endpoint, web console, MQTT broker and ingest, in one process. "
        + "Each flag sets the configuration key in parentheses; appsettings.json and CAMERABEHEER_-prefixed environment variables "
        + "(CAMERABEHEER_Grpc__Port) set the same keys, and a flag wins.",
        RepeatedFlag.LastWins,
        [
            new("--data", "Data", "Data folder: grain state, events, footage and signing keys on local disk") { HelpName = "DIR", Default = "./data" },
            new("--grpc-port", "Grpc:Port", "Port of the gRPC endpoint; 0 picks a free port") { HelpName = "N", Default = "5080", Check = CheckPort },
            new("--web-port", "Web:Port", "Port of the web console; 0 picks a free port") { HelpName = "N", Default = "5088", Check = CheckPort },
            new("--mqtt-port", "Mqtt:Port", "Port of the embedded MQTT broker") { HelpName = "N", Default = "1883", Check = CheckPort },
            new("--broker", "Mqtt:Broker", "An external MQTT broker (Mosquitto) instead of the embedded one") { HelpName = "HOST:PORT", Default = "the embedded broker" },
            new("--site-config", "Site:ConfigFile", "The site configuration: cameras, zones, gates, watch windows") { HelpName = "FILE", Default = "config/sites/domus-almere-poort.json" },
            new("--silo-port", "Orleans:SiloPort", "Orleans silo-to-silo port; 0 picks a free port") { HelpName = "N", Default = "0", Check = CheckPort },
            new("--gateway-port", "Orleans:GatewayPort", "Orleans client gateway port; 0 picks a free port") { HelpName = "N", Default = "0", Check = CheckPort },
            new("--log-level", "Logging:LogLevel:Default", "Lowest level logged: Trace, Debug, Information, Warning, Error, Critical or None") { HelpName = "LEVEL", Default = "Information", Check = CheckLogLevel },
            new("--metrics-port", "Metrics:Port", "Port of the Prometheus scrape endpoint http://127.0.0.1:N/metrics; 0 turns it off") { HelpName = "N", Default = $"{DefaultMetricsPort}", Check = CheckMetricsPort },
        ]);

    public static string Usage => Flags.Usage;

    /// <summary>Parses <c>--flag value</c> and <c>--flag=value</c>; throws <see cref="ArgumentException"/> naming the problem.</summary>
    public static Dictionary<string, string?> Parse(IReadOnlyList<string> args) => Flags.Parse(args);

    /// <summary>A port from configuration: 0 means "any free port" for the gRPC endpoint.</summary>
    public static void CheckPort(string name, string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new ArgumentException($"{name} '{value}' is not a port number (0-65535)");
    }

    /// <summary>The metrics port: 1-65535, or 0 for no scrape endpoint (there is no "any free port" for a port Prometheus is told).</summary>
    public static void CheckMetricsPort(string name, string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new ArgumentException($"{name} '{value}' is not a port number (1-65535, or 0 for no metrics endpoint)");
    }

    /// <summary>A log level by its .NET name, in any case: Trace, Debug, Information, Warning, Error, Critical or None.</summary>
    public static void CheckLogLevel(string name, string value)
    {
        if (!Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) || !Enum.IsDefined(level) || value.Any(char.IsDigit))
            throw new ArgumentException($"{name} '{value}' is not a log level (Trace, Debug, Information, Warning, Error, Critical, None)");
    }
}
