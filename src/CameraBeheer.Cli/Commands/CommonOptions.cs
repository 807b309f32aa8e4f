namespace CameraBeheer.Cli.Commands;

/// <summary>Options many commands take, declared once so that their names and help read the same everywhere.</summary>
internal static class CommonOptions
{
    /// <summary><c>--site</c>; read it with <see cref="Invocation.SiteOf"/>.</summary>
    public static Option<string?> Site() => new("--site") { Description = "Site id (default: the server's site)", HelpName = "SITE" };

    /// <summary><c>--all</c>: a list with what is usually left out, which <paramref name="description"/> names.</summary>
    public static Option<bool> All(string description) => new("--all") { Description = description };

    /// <summary><c>--reason</c>: the why that the audit log (and often a person) reads.</summary>
    public static Option<string?> Reason(string description, bool required) =>
        new("--reason") { Description = description, HelpName = "TEXT", Required = required };
}
