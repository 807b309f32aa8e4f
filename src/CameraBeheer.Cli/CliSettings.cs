namespace CameraBeheer.Cli;

/// <summary>What the CLI takes from its surroundings: environment variables, the clock and the network. Tests replace them.</summary>
/// <param name="GetEnvironmentVariable">Reads CAMERABEHEER_SERVER and CAMERABEHEER_TOKEN.</param>
/// <param name="Time">The clock behind "now", relative times and new tokens.</param>
/// <param name="HttpHandler">The transport to the server; null for real sockets.</param>
public sealed record CliSettings(Func<string, string?> GetEnvironmentVariable, TimeProvider Time, HttpMessageHandler? HttpHandler = null)
{
    /// <summary>Where <c>camerabeheer login</c> keeps the session (<c>$XDG_CONFIG_HOME/camerabeheer</c>); null: no stored session.</summary>
    public string? ConfigDirectory { get; init; }

    /// <summary>Standard input, for <c>--password-stdin</c>; null reads nothing.</summary>
    public TextReader? Input { get; init; }

    /// <summary>True when standard input is a pipe or file: a password is then read from it rather than asked for.</summary>
    public bool InputIsRedirected { get; init; }

    /// <summary>Asks for a secret on the terminal without echo (the argument is the prompt); null when there is no terminal.</summary>
    public Func<string, string?>? ReadSecret { get; init; }

    public static CliSettings FromProcess() => new(Environment.GetEnvironmentVariable, TimeProvider.System)
    {
        ConfigDirectory = Sessions.SessionStore.DefaultFolder(Environment.GetEnvironmentVariable),
        Input = Console.In,
        InputIsRedirected = Console.IsInputRedirected,
        ReadSecret = Sessions.TerminalSecret.Read,
    };
}
