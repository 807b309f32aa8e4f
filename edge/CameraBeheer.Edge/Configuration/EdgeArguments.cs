using CameraBeheer.Contracts.Mqtt;

namespace CameraBeheer.Edge.Configuration;

/// <summary>
/// The edge agent's command-line flags, checked strictly like the backend's (an unknown flag or a bad value stops the
/// start with a message) and turned into configuration keys, so a flag, an appsettings entry and an environment variable
/// (<c>Edge__Mqtt__Broker</c>) all set the same thing.
/// </summary>
/// <remarks>Pass the result to <c>AddInMemoryCollection</c> after the other sources (flags win), and do not also hand
/// the raw arguments to the default command-line provider: it would read <c>--simulate --data x</c> as
/// <c>simulate=--data</c>.</remarks>
public static class EdgeArguments
{
    private enum Value
    {
        Text,
        Endpoint,
        Switch,
    }

    private static readonly Dictionary<string, (string Key, Value Kind)> Flags = new(StringComparer.Ordinal)
    {
        ["--broker"] = ("Edge:Mqtt:Broker", Value.Endpoint),
        ["--data"] = ("Edge:Data", Value.Text),
        ["--simulate"] = ("Edge:Simulate", Value.Switch),
        ["--site-config"] = ("Edge:SiteConfigFile", Value.Text),
        ["--user"] = ("Edge:Mqtt:UserName", Value.Text),
        ["--password-file"] = ("Edge:Mqtt:PasswordFile", Value.Text),
    };

    public static string Usage => "usage: CameraBeheer.Edge [--broker HOST:PORT] [--data DIR] [--simulate] [--site-config FILE] [--user NAME --password-file FILE]";

    /// <summary>Parses <c>--flag value</c>, <c>--flag=value</c> and the switch <c>--simulate</c> (or
    /// <c>--simulate=true|false</c>); throws <see cref="ArgumentException"/> naming the problem.</summary>
    public static Dictionary<string, string?> Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'. {Usage}");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var flag = eq > 0 ? arg[..eq] : arg;
            if (!Flags.TryGetValue(flag, out var target))
            {
                throw new ArgumentException($"unknown option '{flag}'. {Usage}");
            }

            if (settings.ContainsKey(target.Key))
            {
                throw new ArgumentException($"option {flag} is given twice");
            }

            string? value;
            if (target.Kind == Value.Switch)
            {
                value = eq > 0 ? arg[(eq + 1)..] : "true";
                if (!bool.TryParse(value, out var on))
                {
                    throw new ArgumentException($"option {flag} takes no value (or =true / =false), not '{value}'");
                }

                value = on ? "true" : "false";
            }
            else
            {
                value = eq > 0 ? arg[(eq + 1)..] : i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
                if (string.IsNullOrWhiteSpace(value))
                {
                    throw new ArgumentException($"option {flag} needs a value. {Usage}");
                }

                if (target.Kind == Value.Endpoint && !BrokerEndpoint.TryParse(value, out _, out var problem))
                {
                    throw new ArgumentException($"option {flag}: {problem}");
                }
            }

            settings[target.Key] = value;
        }

        return settings;
    }
}
