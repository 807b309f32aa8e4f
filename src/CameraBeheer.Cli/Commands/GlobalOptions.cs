namespace CameraBeheer.Cli.Commands;

/// <summary>Options every command accepts: which server, which token, UTC or local times.</summary>
internal sealed class GlobalOptions
{
    public const string ServerVariable = "CAMERABEHEER_SERVER";

    public Option<string[]> Server { get; } = new("--server")
    {
        Description = $"Server address; several (repeated or comma-separated, e.g. the silos of a cluster) are tried in turn when one cannot be reached (default: ${ServerVariable}, else {ServerAddress.Default})",
        HelpName = "URL",
        Recursive = true,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"Bearer token (default: ${BearerToken.EnvironmentVariable}); get one with 'camerabeheer token issue'",
        HelpName = "TOKEN",
        Recursive = true,
    };

    public Option<string?> CaFile { get; } = new("--ca-file")
    {
        Description = $"Trust only this CA (PEM) for an https:// server, e.g. the ca.crt of 'camerabeheer dev-certs' (default: ${Input.CaFile.EnvironmentVariable}, else the system's CAs)",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<bool> Utc { get; } = new("--utc")
    {
        Description = "Show times in UTC instead of Amsterdam local time",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Add(Server);
        root.Add(Token);
        root.Add(CaFile);
        root.Add(Utc);
    }
}
