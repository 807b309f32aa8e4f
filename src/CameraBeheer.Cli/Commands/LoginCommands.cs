using CameraBeheer.Cli.Sessions;
using Grpc.Core;

namespace CameraBeheer.Cli.Commands;

/// <summary>
/// <c>login</c> and <c>logout</c>: a person signs in with their login and password and the CLI keeps the short-lived
/// token for the next commands (owner-only file in the config folder); <c>logout</c> revokes it at the server.
/// </summary>
internal static class LoginCommands
{
    public static Command Login()
    {
        var user = new Option<string>("--user") { Description = "Your login, e.g. jansen", HelpName = "LOGIN", Required = true };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (one line) instead of asking for it" };
        var command = new Command("login", "Sign in; later commands use the session until it expires (8 hours by default)") { user, stdin };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var store = run.Sessions ?? throw new UsageException("no config folder to keep the session in: set HOME or XDG_CONFIG_HOME");
            var login = (run.Parse.GetValue(user) ?? "").Trim();
            if (login.Length == 0) throw new UsageException("--user: give your login, e.g. --user jansen");
            var server = run.ResolvedServer;
            var password = PasswordInput.Read(run.Context, run.Parse.GetValue(stdin), $"password for {Display.Clean(login)} at {ServerAddress.Show(server)}: ");

            using var client = run.ConnectAnonymous();
            var reply = await client.Accounts.SignInAsync(new SignInRequest { Login = login, Password = password },
                Invocation.WithCallTimeout(cancellationToken)).ConfigureAwait(false);
            var expires = reply.ExpiresAt.ToDateTimeOffset();
            store.Write(new StoredSession(ServerAddress.Show(server), reply.Token, reply.User.Login, reply.User.Name, reply.User.Role, expires));
            run.Context.Out.WriteLine($"signed in as {Display.Clean(reply.User.Login)} ({Display.Clean(reply.User.Name)}, {Display.Clean(reply.User.Role)}) at {ServerAddress.Show(server)} until {run.Display.Time(expires)}");
            run.Context.Out.WriteLine($"session kept in {store.FilePath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Logout()
    {
        var command = new Command("logout", "Sign out: the server refuses the session's token from now on, and the session file is deleted");
        command.SetHandler(async (run, cancellationToken) =>
        {
            var store = run.Sessions;
            var session = run.StoredSession();
            if (session is not null && session.ExpiresAt <= run.Context.Now)
            {
                store!.Delete();
                run.Context.Out.WriteLine($"the session had expired; removed {store.FilePath}");
                return ExitCodes.Ok;
            }
            if (session is null && store is not null && !run.HasAnyToken())
            {
                run.Context.Out.WriteLine("not signed in");
                return ExitCodes.Ok;
            }
            try
            {
                var reply = await run.CallAsync((client, options) => client.Accounts.SignOutAsync(
                    new SignOutRequest(), options), cancellationToken).ConfigureAwait(false);
                run.Context.Out.WriteLine($"signed out: token {Display.Clean(reply.TokenId)} is refused from now on");
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated && session is not null)
            {
                // Already refused (revoked, disabled, a rotated key gone): nothing left to revoke.
                run.Context.Out.WriteLine("the server no longer accepted the session");
            }
            finally
            {
                // Also when the server cannot be reached: the token must not stay on disk. The error, if any, follows.
                if (store?.Delete() == true) run.Context.Out.WriteLine($"removed {store.FilePath}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
