using CameraBeheer.Contracts.Auth;

namespace CameraBeheer.Cli.Commands;

/// <summary>
/// <c>token issue</c>: the administrator's bootstrap on the server machine, a token signed offline with the host's key
/// (for the first <c>users add</c>, scripts and emergencies); <c>token rotate-key</c>: a new signing key.
/// People sign in with <c>camerabeheer login</c> instead.
/// </summary>
internal static class TokenCommands
{
    public const string DefaultDataDirectory = "./data";

    public static Command Create() => new("token", "Bearer tokens for the server") { Issue(), RotateKey() };

    private static Command Issue()
    {
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", TokenContract.Roles.All)}", Required = true };
        var name = new Option<string>("--name") { Description = "Who the token is for; recorded in the audit log", Required = true };
        var valid = new Option<string>("--valid") { Description = "How long it is valid: 90s, 30m, 8h, 7d or hh:mm:ss; at most 31 days", DefaultValueFactory = _ => "8h" };
        var data = new Option<string>("--data") { Description = "The host's data folder, which holds keys/token-signing.key", DefaultValueFactory = _ => DefaultDataDirectory };

        var command = new Command("issue",
            "The administrator's bootstrap on the server machine: sign a token offline with the host's key (it belongs to no account and cannot be " +
            "revoked before it expires). Prints only the token, so $(...) can capture it. People sign in with 'camerabeheer login'.") { role, name, valid, data };
        command.SetHandler((run, _) =>
        {
            var request = (
                Role: TokenRequestRules.Role(run.Parse.GetValue(role)),
                Name: TokenRequestRules.Name(run.Parse.GetValue(name)),
                Valid: TokenRequestRules.Validity(run.Parse.GetValue(valid)));
            var key = ReadKey(run.Parse.GetValue(data) ?? DefaultDataDirectory);
            run.Context.Out.WriteLine(TokenIssuer.Issue(key, request.Name, request.Role, request.Valid, run.Context.Now));
            run.Context.Error.WriteLine($"bootstrap token for {request.Name} ({request.Role}) until {run.Display.Time(run.Context.Now + request.Valid)}: " +
                "the administrator's key on the server machine; people sign in with 'camerabeheer login --user LOGIN'");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command RotateKey()
    {
        var data = new Option<string>("--data") { Description = "The host's data folder, which holds keys/", DefaultValueFactory = _ => DefaultDataDirectory };
        var command = new Command("rotate-key",
            "On the server machine: make a new token signing key; the running host signs with it from now on, and accepts the previous key " +
            "for 31 days more (until every token it signed has expired)") { data };
        command.SetHandler((run, _) =>
        {
            var folder = run.Parse.GetValue(data) ?? DefaultDataDirectory;
            RotationResult result;
            try
            {
                result = SigningKeyRing.Rotate(folder, run.Context.Now);
            }
            catch (InvalidOperationException e)
            {
                throw new UsageException(e.Message);
            }
            var display = run.Display;
            run.Context.Out.WriteLine($"new signing key {result.Current.KeyId}: {result.Current.Path}");
            run.Context.Out.WriteLine($"previous key {result.Previous.KeyId} accepted until {display.Time(run.Context.Now + TokenContract.MaxLifetime)}");
            foreach (var removed in result.Removed) run.Context.Out.WriteLine($"removed key {removed.KeyId} (replaced more than 31 days ago): {removed.Path}");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static byte[] ReadKey(string dataDirectory)
    {
        try
        {
            return SigningKeyFile.Load(dataDirectory);
        }
        catch (InvalidOperationException e)
        {
            // Missing or damaged key: the message names the path and the fix (--data).
            throw new UsageException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot read the signing key at {SigningKeyFile.PathIn(dataDirectory)}: {e.Message}", e);
        }
    }
}
