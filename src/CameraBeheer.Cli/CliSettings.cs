namespace CameraBeheer.Cli;

/// <summary>What the CLI takes from its surroundings: environment variables and the clock. Tests replace both.</summary>
public sealed record CliSettings(Func<string, string?> GetEnvironmentVariable, TimeProvider Time)
{
    public static CliSettings FromProcess() => new(Environment.GetEnvironmentVariable, TimeProvider.System);
}
