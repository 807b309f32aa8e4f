using CameraBeheer.Contracts.CommandLine;
using CameraBeheer.Contracts.Mqtt;

namespace CameraBeheer.Edge.Configuration;

/// <summary>
/// The edge agent's command-line flags, read like the backend's (an unknown flag or a bad value stops the start with a
/// message) and turned into configuration keys, so a flag, an appsettings entry and an environment variable
/// (<c>Edge__Mqtt__Broker</c>) all set the same thing. A flag given twice is refused.
/// </summary>
/// <remarks>Pass the result to <c>AddInMemoryCollection</c> after the other sources (flags win), and do not also hand
/// the raw arguments to the default command-line provider: it would read <c>--simulate --data x</c> as
/// <c>simulate=--data</c>.</remarks>
public static class EdgeArguments
{
    public static ConfigurationFlags Flags { get; } = new(
        "CameraBeheer.Edge",
        "The CameraBeheer edge agent: records the cameras, reads the gate, and keeps events and footage until the backend has them. "
        + "Each flag sets the configuration key in parentheses; appsettings.json and environment variables (Edge__Mqtt__Broker, "
        + "CAMERABEHEER_Edge__Mqtt__Broker) set the same keys, and a flag wins.",
        RepeatedFlag.Refused,
        [
            new("--broker", "Edge:Mqtt:Broker", "The MQTT broker; an IPv6 address is written [::1]:1883") { HelpName = "HOST:PORT", Default = "127.0.0.1:1883", Check = CheckBroker },
            new("--data", "Edge:Data", "Data folder: the local blob store and the agent's own state under .edge/") { HelpName = "DIR", Default = "./data" },
            new("--simulate", "Edge:Simulate", "Record and report the whole site from generated sources (no cameras needed)") { IsSwitch = true },
            new("--site-config", "Edge:SiteConfigFile", "The site configuration cameras and gates are checked against (with --simulate: the site simulated)") { HelpName = "FILE", Default = "config/sites/domus-almere-poort.json with --simulate, else none" },
            new("--user", "Edge:Mqtt:UserName", "The agent's name at the broker (give --password-file with it)") { HelpName = "NAME" },
            new("--password-file", "Edge:Mqtt:PasswordFile", "A file holding the agent's secret on its first line") { HelpName = "FILE" },
        ]);

    public static string Usage => Flags.Usage;

    /// <summary>Parses <c>--flag value</c>, <c>--flag=value</c> and the switch <c>--simulate</c> (or
    /// <c>--simulate=true|false</c>); throws <see cref="ArgumentException"/> naming the problem.</summary>
    public static Dictionary<string, string?> Parse(IReadOnlyList<string> args) => Flags.Parse(args);

    private static void CheckBroker(string flag, string value)
    {
        if (!BrokerEndpoint.TryParse(value, out _, out var problem)) throw new ArgumentException($"option {flag}: {problem}");
    }
}
