using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace CameraBeheer.Contracts.CommandLine;

/// <summary>
/// A program's command line (the backend's, the edge agent's) read with System.CommandLine, as the CLI reads its own,
/// and turned into configuration keys: strict (an unknown flag or a bad value stops the start with one line naming it),
/// with <c>--help</c> listing every flag, its meaning, its configuration key and its default.
/// </summary>
/// <remarks>
/// System.CommandLine finds the flags, their values and the tokens nobody takes; the words of a refusal are this
/// class's (the same the programs always printed: scripts and operators know them), not the library's.
/// Pass the result of <see cref="Parse"/> to <c>AddInMemoryCollection</c> after the other sources, so flags win.
/// </remarks>
public sealed class ConfigurationFlags
{
    private static readonly ParserConfiguration Parsing = new()
    {
        // A value may begin with '@' (a file name): no response files.
        ResponseFileTokenReplacer = null,
    };

    private readonly RootCommand _command;
    private readonly List<(ConfigurationFlag Flag, Option Option)> _options = [];
    private readonly RepeatedFlag _repeated;

    /// <param name="program">The program's name in usage and help, e.g. <c>CameraBeheer.Host</c>.</param>
    /// <param name="description">What the program is, the first line of <c>--help</c>.</param>
    public ConfigurationFlags(string program, string description, RepeatedFlag repeated, IEnumerable<ConfigurationFlag> flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        _repeated = repeated;
        _command = new RootCommand(description);
        // Only the flags and --help: no --version, and no [directives] (a bracketed value is a value).
        foreach (var option in _command.Options.Where(o => o is VersionOption).ToList()) _command.Options.Remove(option);
        _command.Directives.Clear();
        foreach (var flag in flags)
        {
            Option option = flag.IsSwitch ? Switch(flag) : Valued(flag);
            _command.Options.Add(option);
            _options.Add((flag, option));
        }

        Program = program;
        Usage = $"usage: {program} " + string.Join(' ', _options.Select(o => o.Flag.IsSwitch ? $"[{o.Flag.Name}]" : $"[{o.Flag.Name} {o.Flag.HelpName}]"));
    }

    /// <summary>The program's name in usage and help.</summary>
    public string Program { get; }

    /// <summary>One line: every flag with the placeholder of its value.</summary>
    public string Usage { get; }

    /// <summary>The flags in the order <c>--help</c> lists them.</summary>
    public IReadOnlyList<ConfigurationFlag> Flags => _options.Select(o => o.Flag).ToList();

    /// <summary>
    /// Reads <c>--flag value</c>, <c>--flag=value</c> and switches into configuration keys (only the flags given);
    /// throws an <see cref="ArgumentException"/> naming the first problem.
    /// </summary>
    public Dictionary<string, string?> Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // System.CommandLine splits "--simulate=maybe" into the switch and a stray 'maybe': say what was meant first.
        foreach (var (flag, _) in _options.Where(o => o.Flag.IsSwitch))
        {
            var given = args.FirstOrDefault(a => a.StartsWith(flag.Name + "=", StringComparison.Ordinal));
            if (given is not null && !bool.TryParse(given[(flag.Name.Length + 1)..], out _))
                throw new ArgumentException($"option {flag.Name} takes no value (or =true / =false), not '{given[(flag.Name.Length + 1)..]}'");
        }

        var result = _command.Parse(args, Parsing);
        if (result.UnmatchedTokens.Count > 0)
        {
            var stray = result.UnmatchedTokens[0];
            throw new ArgumentException(stray.StartsWith("--", StringComparison.Ordinal)
                ? $"unknown option '{stray.Split('=')[0]}'. {Usage}"
                : $"unexpected argument '{stray}'. {Usage}");
        }

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (flag, option) in _options)
        {
            if (result.GetResult(option) is not { Implicit: false } given) continue;
            if (given.IdentifierTokenCount > 1 && _repeated == RepeatedFlag.Refused)
                throw new ArgumentException($"option {flag.Name} is given twice");
            settings[flag.Key] = flag.IsSwitch ? SwitchValue(result, option) : Value(flag, given);
        }

        // Anything else the parser found wrong, in its own words (every case above has words of its own).
        if (result.Errors.Count > 0) throw new ArgumentException($"{result.Errors[0].Message} {Usage}");
        return settings;
    }

    /// <summary>Writes the help to <paramref name="output"/> when the command line asks for it (<c>--help</c>, <c>-h</c>, <c>-?</c>).</summary>
    public bool ShowHelp(IReadOnlyList<string> args, TextWriter output)
    {
        var result = _command.Parse(args, Parsing);
        if (result.Action is not HelpAction) return false;
        result.Invoke(new InvocationConfiguration { Output = output, Error = output });
        return true;
    }

    /// <summary>The help text, as <c>--help</c> prints it.</summary>
    public string Help()
    {
        using var output = new StringWriter();
        ShowHelp(["--help"], output);
        return output.ToString();
    }

    private Option<string[]> Valued(ConfigurationFlag flag)
    {
        // Every occurrence takes one value; a repeated flag is refused or the last counts (see Parse).
        var option = new Option<string[]>(flag.Name)
        {
            Description = $"{flag.Description} ({flag.Key})",
            HelpName = flag.HelpName,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        if (flag.Default is { } shown) option.DefaultValueFactory = _ => [shown];
        return option;
    }

    private static Option<bool> Switch(ConfigurationFlag flag) => new(flag.Name)
    {
        Description = $"{flag.Description} ({flag.Key})",
        Arity = ArgumentArity.ZeroOrOne,
        // "--simulate false" is the switch off; in "--simulate yes" the 'yes' is not the switch's: leave it unmatched.
        CustomParser = argument =>
        {
            if (argument.Tokens.Count == 0) return true;
            if (bool.TryParse(argument.Tokens[0].Value, out var on)) return on;
            argument.OnlyTake(0);
            return true;
        },
    };

    private static string SwitchValue(ParseResult result, Option option) =>
        result.GetValue((Option<bool>)option) ? "true" : "false";

    private string Value(ConfigurationFlag flag, OptionResult given)
    {
        // The parser lets a value follow its flag whatever it looks like; a flag name there means the value was left out.
        if (given.Tokens.Count < given.IdentifierTokenCount || given.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value) || t.Value.StartsWith("--", StringComparison.Ordinal)))
            throw new ArgumentException($"option {flag.Name} needs a value. {Usage}");
        var value = given.Tokens[^1].Value;
        flag.Check?.Invoke(flag.Name, value);
        return value;
    }
}
