using CameraBeheer.Contracts.Auth;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// People sign in with a login and password against the real host: the token is short-lived and has an id, sign-out and
/// disabling end it at once, five wrong passwords lock the account, and every sign-in is in the audit log.
/// </summary>
public sealed class AccountsEndToEndTests(AccountsHostFixture fixture) : IClassFixture<AccountsHostFixture>
{
    private const string Site = "domus-almere-poort";
    private const string Refusal = "sign-in refused: wrong login or password, or the account is locked or disabled";

    private HostProcess Host => fixture.Host;

    private CameraBeheerClient Admin() => Host.Client("admin", "Admin Bootstrap");

    private static string NewLogin(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private async Task<string> AddUserAsync(string login, string role = "operator", string? password = null)
    {
        using var admin = Admin();
        var reply = await admin.Accounts.AddUserAsync(new AddUserRequest { Login = login, Name = $"User {login}", Role = role, Password = password ?? "" });
        return password ?? reply.GeneratedPassword;
    }

    private async Task<SignInReply> SignInAsync(string login, string password)
    {
        using var anonymous = Host.Client(role: null);
        return await anonymous.Accounts.SignInAsync(new SignInRequest { Login = login, Password = password });
    }

    private static async Task<RpcException> RefusedAsync(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    private CameraBeheerClient WithToken(string token) => new(Host.GrpcUrl, token);

    [Fact]
    public async Task Sign_in_gives_a_short_lived_token_with_an_id_a_kid_and_the_accounts_role()
    {
        var login = NewLogin("jansen");
        var password = await AddUserAsync(login);

        var reply = await SignInAsync(login.ToUpperInvariant(), password); // logins are compared without case

        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(reply.Token);
        Assert.Equal(login, jwt.Subject);
        Assert.Equal(reply.TokenId, jwt.Id);
        Assert.Equal("operator", jwt.GetClaim("role").Value);
        Assert.Equal(SigningKeyRing.Current(Host.DataDirectory).KeyId, jwt.Kid);
        var lifetime = reply.ExpiresAt.ToDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(lifetime, TimeSpan.FromHours(7.9), TimeSpan.FromHours(8));
        using var client = WithToken(reply.Token);
        Assert.Equal(Site, (await client.Site.StatusAsync(new SiteStatusRequest())).Site);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_login_are_refused_with_the_same_words()
    {
        var login = NewLogin("visser");
        await AddUserAsync(login, password: "correct horse battery");

        var wrong = await RefusedAsync(() => SignInAsync(login, "wrong horse battery"));
        var unknown = await RefusedAsync(() => SignInAsync(NewLogin("nobody"), "wrong horse battery"));

        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, unknown.StatusCode);
        Assert.StartsWith(Refusal, wrong.Status.Detail);
        Assert.Equal(wrong.Status.Detail, unknown.Status.Detail);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one_until_the_lockout_has_passed()
    {
        var login = NewLogin("bakker");
        const string password = "the right pass phrase";
        await AddUserAsync(login, password: password);

        for (var i = 0; i < 5; i++) await RefusedAsync(() => SignInAsync(login, $"wrong pass phrase {i}"));
        var whileLocked = await RefusedAsync(() => SignInAsync(login, password));

        Assert.Equal(StatusCode.Unauthenticated, whileLocked.StatusCode);
        Assert.StartsWith(Refusal, whileLocked.Status.Detail); // a guesser is not told that this guess was right
        using (var admin = Admin())
        {
            var user = (await admin.Accounts.ListUsersAsync(new ListUsersRequest())).Users.Single(u => u.Login == login);
            Assert.Equal(5, user.FailedAttempts);
            Assert.InRange(user.LockedUntil.ToDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.Zero, AccountsHostFixture.Lockout);
        }

        // After the lockout (30 s in this host) the right password works again.
        var reply = await Eventually.GetAsync(async () =>
        {
            try { return await SignInAsync(login, password); }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated) { return null; }
        }, r => r is not null, "the lock to end", AccountsHostFixture.Lockout * 4);
        Assert.False(string.IsNullOrEmpty(reply!.Token));
    }

    [Fact]
    public async Task A_disabled_users_existing_token_is_refused_at_once_and_they_cannot_sign_in()
    {
        var login = NewLogin("smit");
        var password = await AddUserAsync(login, "staff");
        var session = await SignInAsync(login, password);
        using var client = WithToken(session.Token);
        await client.Site.StatusAsync(new SiteStatusRequest());

        using (var admin = Admin())
            await admin.Accounts.DisableUserAsync(new DisableUserRequest { Login = login, Reason = "left the facility" });

        Assert.Equal(StatusCode.Unauthenticated, (await RefusedAsync(() => client.Site.StatusAsync(new SiteStatusRequest()).ResponseAsync)).StatusCode);
        var again = await RefusedAsync(() => SignInAsync(login, password));
        Assert.Equal(StatusCode.Unauthenticated, again.StatusCode);
        Assert.StartsWith(Refusal, again.Status.Detail);
    }

    [Fact]
    public async Task Signing_out_revokes_that_token_and_no_other()
    {
        var login = NewLogin("vries");
        var password = await AddUserAsync(login, "manager");
        var first = await SignInAsync(login, password);
        var second = await SignInAsync(login, password);
        Assert.NotEqual(first.TokenId, second.TokenId);

        using (var client = WithToken(first.Token))
        {
            var reply = await client.Accounts.SignOutAsync(new SignOutRequest());
            Assert.Equal(first.TokenId, reply.TokenId);
            Assert.Equal(StatusCode.Unauthenticated, (await RefusedAsync(() => client.Site.StatusAsync(new SiteStatusRequest()).ResponseAsync)).StatusCode);
        }
        using var other = WithToken(second.Token);
        await other.Site.StatusAsync(new SiteStatusRequest());
    }

    [Fact]
    public async Task A_password_reset_ends_earlier_sessions_and_lifts_a_lock()
    {
        var login = NewLogin("dekker");
        var password = await AddUserAsync(login);
        var before = await SignInAsync(login, password);
        for (var i = 0; i < 5; i++) await RefusedAsync(() => SignInAsync(login, $"wrong pass phrase {i}"));

        // Token times are whole seconds: the reset must fall in a later second than the sign-in to end it.
        await Eventually.GetAsync(() => Task.FromResult(DateTimeOffset.UtcNow.ToUnixTimeSeconds()), s => s > before.ExpiresAt.ToDateTimeOffset().AddHours(-8).ToUnixTimeSeconds(), "the next second");
        using (var admin = Admin())
            await admin.Accounts.ResetPasswordAsync(new ResetPasswordRequest { Login = login, Password = "a brand new pass phrase" });

        using var old = WithToken(before.Token);
        Assert.Equal(StatusCode.Unauthenticated, (await RefusedAsync(() => old.Site.StatusAsync(new SiteStatusRequest()).ResponseAsync)).StatusCode);
        var after = await SignInAsync(login, "a brand new pass phrase");
        using var fresh = WithToken(after.Token);
        await fresh.Site.StatusAsync(new SiteStatusRequest());
    }

    [Fact]
    public async Task Every_sign_in_success_and_failure_is_in_the_audit_log_with_the_login_and_never_the_password()
    {
        await UtcDay.AvoidMidnightAsync();
        var login = NewLogin("audit");
        const string password = "audited pass phrase";
        await AddUserAsync(login, password: password);

        await SignInAsync(login, password);
        await RefusedAsync(() => SignInAsync(login, "not the pass phrase"));
        var ghost = NewLogin("ghost");
        await RefusedAsync(() => SignInAsync(ghost, "not the pass phrase"));

        var entries = (await File.ReadAllLinesAsync(TodaysAuditFile())).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var signIns = entries.Where(e => e.GetProperty("method").GetString() == "Accounts/SignIn").ToList();
        Assert.Contains(signIns, e => e.GetProperty("target").GetString() == $"{Site}/users/{login}" && e.GetProperty("outcome").GetString()!.StartsWith("ok: token ", StringComparison.Ordinal));
        Assert.Contains(signIns, e => e.GetProperty("target").GetString() == $"{Site}/users/{login}" && e.GetProperty("outcome").GetString()!.StartsWith("refused: wrong password", StringComparison.Ordinal));
        Assert.Contains(signIns, e => e.GetProperty("caller").GetString() == ghost && e.GetProperty("outcome").GetString() == "refused: unknown login");
        var text = await File.ReadAllTextAsync(TodaysAuditFile());
        Assert.DoesNotContain(password, text);
        Assert.DoesNotContain("not the pass phrase", text);

        // The log with these entries is still an intact chain, as the manager checks it.
        var manager = new PersonAtTerminal(Host, Host.Token("manager", "Privacy Officer"));
        var (code, output, error) = await manager.RunAsync(null, "audit", "verify", "--day", DateTime.UtcNow.ToString("yyyy-MM-dd"));
        Assert.True(code == 0, output + error);
        Assert.Contains("intact", output);
    }

    [Fact]
    public async Task Only_an_admin_manages_users()
    {
        using var manager = Host.Client("manager");
        var denied = await RefusedAsync(() => manager.Accounts.ListUsersAsync(new ListUsersRequest()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains("needs the role admin", denied.Status.Detail);
    }

    [Theory]
    [InlineData("ab\ncd", "login")]
    [InlineData("jаnsen", "login")] // Cyrillic 'а'
    [InlineData("", "login")]
    public async Task A_hostile_login_is_refused_naming_the_field(string login, string field)
    {
        using var admin = Admin();
        var e = await RefusedAsync(() => admin.Accounts.AddUserAsync(new AddUserRequest { Login = login, Name = "X Y", Role = "operator" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith($"{field}:", e.Status.Detail);
        Assert.DoesNotContain('\n', e.Status.Detail);
    }

    [Fact]
    public async Task Passwords_shorter_than_12_or_longer_than_256_characters_are_invalid_arguments()
    {
        using var admin = Admin();
        var shortOne = await RefusedAsync(() => admin.Accounts.AddUserAsync(new AddUserRequest { Login = NewLogin("kort"), Name = "Kort", Role = "staff", Password = "elevenchars" }).ResponseAsync);
        var longOne = await RefusedAsync(() => SignInAsync(NewLogin("lang"), new string('x', 257)));

        Assert.Equal(StatusCode.InvalidArgument, shortOne.StatusCode);
        Assert.Contains("password: is shorter than 12 characters", shortOne.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, longOne.StatusCode);
        Assert.Contains("password: is longer than 256 characters", longOne.Status.Detail);
    }

    [Fact]
    public async Task A_bootstrap_token_has_no_session_to_sign_out_of()
    {
        using var admin = Admin();
        var e = await RefusedAsync(() => admin.Accounts.SignOutAsync(new SignOutRequest()).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
    }

    [Fact]
    public async Task The_cli_adds_a_user_signs_in_keeps_an_owner_only_session_uses_it_and_logs_out()
    {
        var login = NewLogin("cli");
        var admin = new PersonAtTerminal(Host, Host.Token("admin", "Admin Bootstrap"));
        var (addCode, addOut, addErr) = await admin.RunAsync(null, "users", "add", "--login", login, "--name", "Operator Jansen", "--role", "operator");
        Assert.True(addCode == 0, addErr);
        var password = addOut.Split('\n').Single(l => l.StartsWith("initial password: ", StringComparison.Ordinal))["initial password: ".Length..].Trim();

        var person = new PersonAtTerminal(Host);
        var (loginCode, loginOut, loginErr) = await person.RunAsync(password + "\n", "login", "--user", login);
        Assert.True(loginCode == 0, loginErr);
        Assert.Contains($"signed in as {login} (Operator Jansen, operator)", loginOut);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(person.SessionFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(person.ConfigFolder));
        }
        var token = JsonDocument.Parse(await File.ReadAllTextAsync(person.SessionFile)).RootElement.GetProperty("token").GetString()!;

        var (statusCode, statusOut, statusErr) = await person.RunAsync(null, "cameras", "list");
        Assert.True(statusCode == 0, statusErr);
        Assert.Contains("cam-01", statusOut);

        var (listCode, listOut, _) = await admin.RunAsync(null, "users", "list");
        Assert.Equal(0, listCode);
        Assert.Contains(listOut.Split('\n'), l => l.StartsWith(login, StringComparison.Ordinal) && l.Contains("active"));

        var (logoutCode, logoutOut, logoutErr) = await person.RunAsync(null, "logout");
        Assert.True(logoutCode == 0, logoutErr);
        Assert.Contains("signed out", logoutOut);
        Assert.False(File.Exists(person.SessionFile));
        using var revoked = WithToken(token);
        Assert.Equal(StatusCode.Unauthenticated, (await RefusedAsync(() => revoked.Site.StatusAsync(new SiteStatusRequest()).ResponseAsync)).StatusCode);
        var (afterCode, _, afterErr) = await person.RunAsync(null, "cameras", "list");
        Assert.Equal(2, afterCode);
        Assert.Contains("camerabeheer login", afterErr);
    }

    [Fact]
    public async Task The_cli_reset_password_and_disable_work_for_an_admin()
    {
        var login = NewLogin("reset");
        var admin = new PersonAtTerminal(Host, Host.Token("admin", "Admin Bootstrap"));
        Assert.Equal(0, (await admin.RunAsync("first pass phrase\n", "users", "add", "--login", login, "--name", "Reset Me", "--role", "police", "--password-stdin")).ExitCode);

        var (resetCode, resetOut, resetErr) = await admin.RunAsync(null, "users", "reset-password", login);
        Assert.True(resetCode == 0, resetErr);
        var password = resetOut.Split('\n').Single(l => l.StartsWith("new password: ", StringComparison.Ordinal))["new password: ".Length..].Trim();
        var person = new PersonAtTerminal(Host);
        Assert.Equal(0, (await person.RunAsync(password, "login", "--user", login, "--password-stdin")).ExitCode);

        var (disableCode, disableOut, _) = await admin.RunAsync(null, "users", "disable", login, "--reason", "left");
        Assert.Equal(0, disableCode);
        Assert.Contains($"disabled {login}", disableOut);
        var (code, _, error) = await person.RunAsync(null, "status");
        Assert.Equal(1, code);
        Assert.Contains("not authenticated", error);
    }

    [Fact]
    public async Task After_rotate_key_the_running_host_signs_with_the_new_key_and_still_accepts_tokens_of_the_previous_one()
    {
        var login = NewLogin("rotate");
        var password = await AddUserAsync(login, "manager");
        var before = await SignInAsync(login, password);
        var bootstrapBefore = Host.Token("operator", "Before Rotation");
        var oldKid = SigningKeyRing.Current(Host.DataDirectory).KeyId;

        var (code, output, error) = await new PersonAtTerminal(Host).RunAsync(null, "token", "rotate-key", "--data", Host.DataDirectory);

        Assert.True(code == 0, error);
        var newKid = SigningKeyRing.Current(Host.DataDirectory).KeyId;
        Assert.NotEqual(oldKid, newKid);
        Assert.Contains($"new signing key {newKid}", output);
        Assert.Contains($"previous key {oldKid} accepted until", output);
        var after = await SignInAsync(login, password);
        Assert.Equal(newKid, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(after.Token).Kid); // no restart needed
        foreach (var token in new[] { before.Token, bootstrapBefore, after.Token, Host.Token("operator", "After Rotation") })
        {
            using var client = WithToken(token);
            Assert.Equal(Site, (await client.Site.StatusAsync(new SiteStatusRequest())).Site);
        }
    }

    [Fact]
    public async Task A_token_naming_an_unknown_kid_or_signed_with_another_key_under_a_known_kid_is_unauthenticated()
    {
        var unknownKid = TokenIssuer.Issue(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64), "Mallory", "admin", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        var knownKid = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = TokenContract.Issuer,
            Audience = TokenContract.Audience,
            Claims = new Dictionary<string, object> { ["name"] = "Mallory", ["role"] = "admin" },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64)) { KeyId = SigningKeyRing.Current(Host.DataDirectory).KeyId },
                Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
        foreach (var token in new[] { unknownKid, knownKid })
        {
            using var client = WithToken(token);
            Assert.Equal(StatusCode.Unauthenticated, (await RefusedAsync(() => client.Site.StatusAsync(new SiteStatusRequest()).ResponseAsync)).StatusCode);
        }
    }

    private string TodaysAuditFile()
    {
        var now = DateTime.UtcNow;
        return Path.Combine(Host.DataDirectory, "audit", Site, $"{now:yyyy}", $"{now:MM}", $"{now:dd}.jsonl");
    }
}
