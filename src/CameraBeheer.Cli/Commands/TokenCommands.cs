using System.CommandLine;
using CameraBeheer.Cli.Input;
using CameraBeheer.Contracts.Auth;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>token issue</c>: signs a token with the host's key, for use as CAMERABEHEER_TOKEN.</summary>
internal static class TokenCommands
{
    public const string DefaultDataDirectory = "./data";

    public static Command Create(CliContext context, GlobalOptions global)
    {
        var token = new Command("token", "Bearer tokens for the server");
        token.Add(Issue(context, global));
        return token;
    }

    private static Command Issue(CliContext context, GlobalOptions global)
    {
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", TokenContract.Roles.All)}", Required = true };
        var name = new Option<string>("--name") { Description = "Who the token is for; recorded in the audit log", Required = true };
        var valid = new Option<string>("--valid") { Description = "How long it is valid: 90s, 30m, 8h, 7d or hh:mm:ss; at most 31 days", DefaultValueFactory = _ => "8h" };
        var data = new Option<string>("--data") { Description = "The host's data folder, which holds keys/token-signing.key", DefaultValueFactory = _ => DefaultDataDirectory };

        var command = new Command("issue", "Print a new token (only the token, so $(...) can capture it)") { role, name, valid, data };
        command.SetHandler(context, global, (run, _) =>
        {
            var request = (
                Role: TokenRequestRules.Role(run.Parse.GetValue(role)),
                Name: TokenRequestRules.Name(run.Parse.GetValue(name)),
                Valid: TokenRequestRules.Validity(run.Parse.GetValue(valid)));
            var key = ReadKey(run.Parse.GetValue(data) ?? DefaultDataDirectory);
            run.Context.Out.WriteLine(TokenIssuer.Issue(key, request.Name, request.Role, request.Valid, run.Context.Now));
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
