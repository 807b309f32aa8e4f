namespace CameraBeheer.Cli;

/// <summary>What the CLI takes from its surroundings: environment variables, the clock and the network. Tests replace them.</summary>
/// <param name="GetEnvironmentVariable">Reads CAMERABEHEER_SERVER and CAMERABEHEER_TOKEN.</param>
/// <param name="Time">The clock behind "now", relative times and new tokens.</param>
/// <param name="HttpHandler">The transport to the server; null for real sockets.</param>
public sealed record CliSettings(Func<string, string?> GetEnvironmentVariable, TimeProvider Time, HttpMessageHandler? HttpHandler = null)
{
    public static CliSettings FromProcess() => new(Environment.GetEnvironmentVariable, TimeProvider.System);
}
