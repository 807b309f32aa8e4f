namespace CameraBeheer.Host.Hosting;

/// <summary>
/// The host's command-line flags, checked strictly (an unknown flag or a bad value stops the start with a message)
/// and turned into configuration keys, so a flag, an appsettings entry and an environment variable
/// (<c>CAMERABEHEER_Grpc__Port</c>) all set the same thing.
/// </summary>
public static class HostArguments
{
    private static readonly Dictionary<string, (string Key, Action<string, string>? Check)> Flags = new(StringComparer.Ordinal)
    {
        ["--data"] = ("Data", null),
        ["--grpc-port"] = ("Grpc:Port", CheckPort),
        ["--web-port"] = ("Web:Port", CheckPort),
        ["--mqtt-port"] = ("Mqtt:Port", CheckPort),
        ["--broker"] = ("Mqtt:Broker", null),
        ["--site-config"] = ("Site:ConfigFile", null),
        ["--silo-port"] = ("Orleans:SiloPort", CheckPort),
        ["--gateway-port"] = ("Orleans:GatewayPort", CheckPort),
        ["--log-level"] = ("Logging:LogLevel:Default", CheckLogLevel),
    };

    public static string Usage =>
        "usage: CameraBeheer.Host [--data DIR] [--grpc-port N] [--web-port N] [--mqtt-port N] [--broker HOST:PORT] [--site-config FILE] [--silo-port N] [--gateway-port N] [--log-level LEVEL]";

    /// <summary>Parses <c>--flag value</c> and <c>--flag=value</c>; throws <see cref="ArgumentException"/> naming the problem.</summary>
    public static Dictionary<string, string?> Parse(IReadOnlyList<string> args)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var (flag, value) = SplitFlag(args, ref i);
            if (!Flags.TryGetValue(flag, out var target))
                throw new ArgumentException($"unknown option '{flag}'. {Usage}");
            if (string.IsNullOrWhiteSpace(value))
                throw new ArgumentException($"option {flag} needs a value");
            target.Check?.Invoke(flag, value);
            settings[target.Key] = value;
        }
        return settings;
    }

    /// <summary>A port from configuration: 0 means "any free port" for the gRPC endpoint.</summary>
    public static void CheckPort(string name, string value)
    {
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new ArgumentException($"{name} '{value}' is not a port number (0-65535)");
    }

    /// <summary>A log level by its .NET name, in any case: Trace, Debug, Information, Warning, Error, Critical or None.</summary>
    public static void CheckLogLevel(string name, string value)
    {
        if (!Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) || !Enum.IsDefined(level) || value.Any(char.IsDigit))
            throw new ArgumentException($"{name} '{value}' is not a log level (Trace, Debug, Information, Warning, Error, Critical, None)");
    }

    private static (string Flag, string? Value) SplitFlag(IReadOnlyList<string> args, ref int i)
    {
        var arg = args[i];
        var eq = arg.IndexOf('=');
        if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0) return (arg[..eq], arg[(eq + 1)..]);
        if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{arg}'. {Usage}");
        var value = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
        return (arg, value);
    }
}
