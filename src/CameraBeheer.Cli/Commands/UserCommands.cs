using CameraBeheer.Contracts.Auth;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>users add|list|disable|reset-password</c>: the administrator's accounts for people (role admin).</summary>
internal static class UserCommands
{
    public static Command Create() => new("users", "Accounts of the people who sign in with camerabeheer login (admin)") { Add(), List(), Disable(), ResetPassword() };

    private static Command Add()
    {
        var login = new Option<string>("--login") { Description = "The login: lower-case letters, digits, '.', '_', '-' (e.g. jansen)", HelpName = "LOGIN", Required = true };
        var name = new Option<string>("--name") { Description = "The name shown in the audit log, e.g. \"Operator Jansen\"", HelpName = "NAME", Required = true };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", TokenContract.Roles.All)}", HelpName = "ROLE", Required = true };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the initial password from standard input; without it one is generated and shown once" };
        var command = new Command("add", "Add a user; prints a generated initial password once unless --password-stdin") { login, name, role, stdin };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new AddUserRequest
            {
                Login = run.Parse.GetValue(login) ?? "",
                Name = run.Parse.GetValue(name) ?? "",
                Role = TokenRequestRules.Role(run.Parse.GetValue(role)),
                Password = PasswordOrGenerated(run, stdin),
            };
            var reply = await run.CallAsync((client, options) => client.Accounts.AddUserAsync(request, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine($"added {Display.Clean(reply.User.Login)} ({Display.Clean(reply.User.Name)}, {Display.Clean(reply.User.Role)})");
            ShowGenerated(run, "initial password", reply.GeneratedPassword, reply.User, $"; they sign in with: camerabeheer login --user {Display.Clean(reply.User.Login)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "The users, with their state: active, locked (until when) or disabled");
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.Accounts.ListUsersAsync(new ListUsersRequest(), options), cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            var now = run.Context.Now;
            return run.WriteList(reply.Users, "no users (add one with: camerabeheer users add --login LOGIN --name NAME --role ROLE)",
                ["LOGIN", "NAME", "ROLE", "STATE", "LAST SIGN-IN"], u =>
            [
                Display.Clean(u.Login), Display.Clean(u.Name), Display.Clean(u.Role), State(u, display, now),
                u.LastSignInAt is null ? Display.Missing : display.Time(u.LastSignInAt),
            ]);
        });
        return command;
    }

    private static Command Disable()
    {
        var login = new Argument<string>("LOGIN") { Description = "The user's login" };
        var reason = CommonOptions.Reason("Why, for the audit log", required: false);
        var command = new Command("disable", "Disable a user: their tokens are refused at once and they cannot sign in") { login, reason };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var user = await run.CallAsync((client, options) => client.Accounts.DisableUserAsync(
                new DisableUserRequest { Login = run.Parse.GetValue(login) ?? "", Reason = run.Parse.GetValue(reason) ?? "" }, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine($"disabled {Display.Clean(user.Login)} ({Display.Clean(user.Name)}) at {run.Display.Time(user.DisabledAt)}; their tokens are refused from now on");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ResetPassword()
    {
        var login = new Argument<string>("LOGIN") { Description = "The user's login" };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the new password from standard input; without it one is generated and shown once" };
        var command = new Command("reset-password", "Give a user a new password; their earlier tokens stop working and a lock is lifted") { login, stdin };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new ResetPasswordRequest
            {
                Login = run.Parse.GetValue(login) ?? "",
                Password = PasswordOrGenerated(run, stdin),
            };
            var reply = await run.CallAsync((client, options) => client.Accounts.ResetPasswordAsync(request, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine($"password of {Display.Clean(reply.User.Login)} ({Display.Clean(reply.User.Name)}) reset; earlier tokens are refused");
            ShowGenerated(run, "new password", reply.GeneratedPassword, reply.User, "");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The password from stdin with <c>--password-stdin</c>; otherwise empty, and the server generates one.</summary>
    private static string PasswordOrGenerated(Invocation run, Option<bool> stdin) =>
        run.Parse.GetValue(stdin) ? PasswordInput.Read(run.Context, fromStdin: true, "") : "";

    /// <summary>A password the server generated, shown this once; nothing when the user gave their own.</summary>
    private static void ShowGenerated(Invocation run, string label, string generated, UserInfo user, string howToSignIn)
    {
        if (generated.Length == 0) return;
        run.Context.Out.WriteLine($"{label}: {generated}");
        run.Context.Out.WriteLine($"  shown this once: give it to {Display.Clean(user.Name)} in person{howToSignIn}");
    }

    private static string State(UserInfo u, Display display, DateTimeOffset now)
    {
        if (u.DisabledAt is not null) return $"disabled by {Display.Clean(u.DisabledBy)} {display.Time(u.DisabledAt)}";
        if (u.LockedUntil is not null && u.LockedUntil.ToDateTimeOffset() > now) return $"locked until {display.Time(u.LockedUntil)}";
        return "active";
    }
}
