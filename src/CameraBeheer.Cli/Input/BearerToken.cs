namespace CameraBeheer.Cli.Input;

/// <summary>Checks the shape of a token before it goes into a request header, where a stray line break would be rejected obscurely.</summary>
internal static class BearerToken
{
    public const string EnvironmentVariable = "CAMERABEHEER_TOKEN";

    public static string Require(string? token, string source)
    {
        var trimmed = token?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            throw new UsageException(
                $"this command needs a token: sign in with 'camerabeheer login --user LOGIN', or pass --token or set {EnvironmentVariable} " +
                $"(on the server machine: export {EnvironmentVariable}=$(camerabeheer token issue --role ROLE --name NAME))");
        if (!trimmed.All(c => c is > ' ' and < '\u007f'))
            throw new UsageException($"{source}: not a token (a token is one word of printable ASCII, as printed by 'camerabeheer token issue')");
        return trimmed;
    }
}
