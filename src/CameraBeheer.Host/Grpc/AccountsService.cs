using CameraBeheer.Contracts.Auth;
using CameraBeheer.Contracts.Text;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Domain.Accounts;
using CameraBeheer.Host.Hosting;

namespace CameraBeheer.Host.Grpc;

/// <summary>
/// Sign-in, sign-out and the administrator's user list. Passwords are hashed and checked here, outside the accounts
/// grain (hashing is slow by design and would hold up every other call to the grain); the grain counts the attempts.
/// </summary>
public sealed class AccountsService(
    SiteConfiguration site,
    IGrainFactory grains,
    CallerAudit audit,
    AccountPasswords passwords,
    AccountTokens tokens,
    LockoutPolicyView lockout) : Accounts.AccountsBase
{
    /// <summary>
    /// The same words for every refusal: whether the login exists, is disabled or locked is not told to someone who may
    /// be guessing. A locked account is not even told for a right password: that answer would tell a guesser the
    /// password is right, and the lock would no longer stop guessing. Administrators see locks in <c>users list</c>,
    /// and the audit log has the real reason of every refusal.
    /// </summary>
    public const string Refusal = "sign-in refused: wrong login or password, or the account is locked or disabled (ask an administrator when it keeps failing)";

    private IAccountsGrain Accounts => grains.GetGrain<IAccountsGrain>(site.Site.Id);

    private IAuditGrain Audit => grains.GetGrain<IAuditGrain>(site.Site.Id);

    [AllowAnonymous]
    public override async Task<SignInReply> SignIn(SignInRequest request, ServerCallContext context)
    {
        var tried = Printable.Excerpt(request.Login, AccountRules.MaxLoginLength);
        var target = $"{site.Site.Id}/users/{tried}";
        Task Record(string outcome) => Audit.AppendAsync(new AuditRecord(tried, "-", "Accounts/SignIn", target, outcome));

        await Record("requested");
        string login;
        try
        {
            login = AccountRules.Login(request.Login);
            if (request.Password.Length == 0) throw AccountException.Invalid("password", "is required");
            if (request.Password.Length > AccountRules.MaxPasswordLength) throw AccountException.Invalid("password", $"is longer than {AccountRules.MaxPasswordLength} characters");
        }
        catch (AccountException e)
        {
            await Record($"refused: {e.Message}");
            throw ToRpc(e);
        }

        var ticket = await Accounts.BeginSignInAsync(login);
        if (ticket.Start != SignInStart.CheckPassword)
        {
            // As slow as a real check, so the time of the answer does not tell whether the login exists.
            passwords.VerifyNothing(request.Password);
            await Record(ticket.Start switch
            {
                SignInStart.UnknownLogin => "refused: unknown login",
                SignInStart.Disabled => "refused: account disabled",
                _ => $"refused: account locked until {ticket.LockedUntil:yyyy-MM-dd HH:mm:ss} UTC",
            });
            throw new RpcException(new Status(StatusCode.Unauthenticated, Refusal));
        }

        var check = passwords.Verify(ticket.PasswordHash!, request.Password);
        if (check == PasswordCheck.Wrong)
        {
            var locked = ticket.LockedUntil is { } until ? $"; account locked until {until:yyyy-MM-dd HH:mm:ss} UTC" : "";
            await Record($"refused: wrong password (attempt {ticket.Attempt} of {lockout.Policy.MaxFailedAttempts}){locked}");
            throw new RpcException(new Status(StatusCode.Unauthenticated, Refusal));
        }

        var rehash = check == PasswordCheck.RightButRehash ? passwords.Hash(request.Password) : null;
        var user = await Accounts.CompleteSignInAsync(login, rehash);
        if (user is null)
        {
            await Record("refused: account disabled during sign-in");
            throw new RpcException(new Status(StatusCode.Unauthenticated, Refusal));
        }
        var token = tokens.Issue(user.Login, user.Name, user.Role);
        await Audit.AppendAsync(new AuditRecord(user.Name, user.Role, "Accounts/SignIn", target, $"ok: token {token.TokenId} until {token.ExpiresAt:yyyy-MM-dd HH:mm:ss} UTC"));
        return new SignInReply { Token = token.Token, TokenId = token.TokenId, ExpiresAt = Timestamps.Stamp(token.ExpiresAt), User = Describe(user) };
    }

    [Authorize]
    public override async Task<SignOutReply> SignOut(SignOutRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var login = user.FindFirst(TokenContract.SubjectClaim)?.Value;
        var tokenId = user.FindFirst(TokenContract.TokenIdClaim)?.Value;
        if (login is null || tokenId is null || user.FindFirst(TokenContract.BootstrapClaim) is not null)
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                "this token belongs to no account session (an administrator's bootstrap token or one from the OIDC authority): there is nothing to sign out of; it ends when it expires"));
        var expires = long.TryParse(user.FindFirst(TokenContract.ExpiresClaim)?.Value, out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : DateTimeOffset.UtcNow + TokenContract.MaxLifetime;

        await ChangeAsync(context, $"{site.Site.Id}/users/{login}/tokens/{tokenId}", null, async () =>
        {
            await Accounts.RevokeTokenAsync(tokenId, expires);
            return tokenId;
        });
        return new SignOutReply { TokenId = tokenId, ExpiresAt = Timestamps.Stamp(expires) };
    }

    [Authorize(Roles = Admin)]
    public override async Task<AddUserReply> AddUser(AddUserRequest request, ServerCallContext context)
    {
        var login = Checked(() => AccountRules.Login(request.Login));
        var name = Checked(() => AccountRules.DisplayName(request.Name));
        if (!TokenContract.Roles.IsKnown(request.Role))
            throw RequestChecks.Invalid("role", $"'{Printable.Excerpt(request.Role, 20)}' is not a role; use one of: {string.Join(", ", TokenContract.Roles.All)}");
        var generated = request.Password.Length == 0 ? InitialPasswords.Generate() : null;
        var password = generated ?? Checked(() => AccountRules.NewPassword(request.Password));
        var hash = passwords.Hash(password);
        var by = CallerAudit.Caller(context).Name;

        var user = await ChangeAsync(context, $"{site.Site.Id}/users/{login}", $"role {request.Role}, password {(generated is null ? "given" : "generated")}",
            () => Accounts.AddAsync(login, name, request.Role, hash, by));
        return new AddUserReply { User = Describe(user), GeneratedPassword = generated ?? "" };
    }

    [Authorize(Roles = Admin)]
    public override async Task<ListUsersReply> ListUsers(ListUsersRequest request, ServerCallContext context)
    {
        var reply = new ListUsersReply();
        reply.Users.AddRange((await Accounts.ListAsync()).Select(Describe));
        return reply;
    }

    [Authorize(Roles = Admin)]
    public override async Task<UserInfo> DisableUser(DisableUserRequest request, ServerCallContext context)
    {
        var login = Checked(() => AccountRules.Login(request.Login));
        var reason = request.Reason.Length == 0 ? null : Printable.Excerpt(request.Reason, 200);
        var by = CallerAudit.Caller(context).Name;
        var user = await ChangeAsync(context, $"{site.Site.Id}/users/{login}", reason, () => Accounts.DisableAsync(login, by));
        return Describe(user);
    }

    [Authorize(Roles = Admin)]
    public override async Task<ResetPasswordReply> ResetPassword(ResetPasswordRequest request, ServerCallContext context)
    {
        var login = Checked(() => AccountRules.Login(request.Login));
        var generated = request.Password.Length == 0 ? InitialPasswords.Generate() : null;
        var password = generated ?? Checked(() => AccountRules.NewPassword(request.Password));
        var hash = passwords.Hash(password);
        var by = CallerAudit.Caller(context).Name;
        var user = await ChangeAsync(context, $"{site.Site.Id}/users/{login}/password", generated is null ? "password given" : "password generated",
            () => Accounts.SetPasswordAsync(login, hash, by));
        return new ResetPasswordReply { User = Describe(user), GeneratedPassword = generated ?? "" };
    }

    /// <summary>Records the request, makes the change, records how it ended; a refusal becomes the status code that fits.</summary>
    private async Task<T> ChangeAsync<T>(ServerCallContext context, string target, string? reason, Func<Task<T>> change)
    {
        await audit.RecordAsync(context, target, "requested", reason);
        T result;
        try
        {
            result = await change();
        }
        catch (AccountException e)
        {
            await audit.RecordAsync(context, target, $"refused: {e.Message}", reason);
            throw ToRpc(e);
        }
        catch (Exception e) when (e is not RpcException)
        {
            await audit.RecordAsync(context, target, $"failed: {e.GetType().Name}", reason);
            throw;
        }
        await audit.RecordAsync(context, target, "ok", reason);
        return result;
    }

    private static T Checked<T>(Func<T> rule)
    {
        try
        {
            return rule();
        }
        catch (AccountException e)
        {
            throw ToRpc(e);
        }
    }

    private static RpcException ToRpc(AccountException e) => new(new Status(e.Kind switch
    {
        AccountErrorKind.NotFound => StatusCode.NotFound,
        AccountErrorKind.NotAllowedNow => StatusCode.FailedPrecondition,
        _ => StatusCode.InvalidArgument,
    }, e.Message));

    private static UserInfo Describe(UserAccountInfo u) => new()
    {
        Login = u.Login,
        Name = u.Name,
        Role = u.Role,
        CreatedAt = Timestamps.Stamp(u.CreatedAt),
        CreatedBy = u.CreatedBy,
        DisabledAt = Timestamps.Stamp(u.DisabledAt),
        DisabledBy = u.DisabledBy ?? "",
        FailedAttempts = u.FailedAttempts,
        LockedUntil = Timestamps.Stamp(u.LockedUntil),
        LastSignInAt = Timestamps.Stamp(u.LastSignInAt),
        PasswordSetAt = Timestamps.Stamp(u.PasswordSetAt),
        PasswordSetBy = u.PasswordSetBy,
    };
}
