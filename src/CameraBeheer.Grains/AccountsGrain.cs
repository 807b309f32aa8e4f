using CameraBeheer.Domain.Accounts;
using Microsoft.Extensions.Options;

namespace CameraBeheer.Grains;

/// <summary>
/// Keeps the accounts of a site and answers, once per authenticated call, whether a token may still be used. Every change
/// is saved before the grain answers; the caller records it in the audit log before asking.
/// </summary>
public sealed class AccountsGrain(
    [PersistentState("accounts", StorageNames.Default)] IPersistentState<AccountsState> state,
    IOptions<AccountsOptions> options,
    TimeProvider time) : Grain, IAccountsGrain
{
    private readonly LockoutPolicy _lockout = options.Value.Policy;

    public async Task<UserAccountInfo> AddAsync(string login, string name, string role, string passwordHash, string by)
    {
        var clean = AccountRules.Login(login);
        if (Find(clean) is { } existing)
            throw AccountException.NotNow($"login: '{clean}' is taken (by {existing.Name}); logins are compared without case", "login");
        var now = time.GetUtcNow();
        var user = new UserAccount
        {
            Login = clean,
            Name = AccountRules.DisplayName(name),
            Role = role,
            PasswordHash = passwordHash,
            CreatedAt = now,
            CreatedBy = by,
            PasswordSetAt = now,
            PasswordSetBy = by,
        };
        state.State.Users.Add(user);
        await SaveAsync(() => state.State.Users.Remove(user));
        return Describe(user);
    }

    public Task<ImmutableArray<UserAccountInfo>> ListAsync() =>
        Task.FromResult(state.State.Users.OrderBy(u => u.Login, StringComparer.Ordinal).Select(Describe).ToImmutableArray());

    public async Task<UserAccountInfo> DisableAsync(string login, string by)
    {
        var user = Require(login);
        if (user.DisabledAt is { } at) throw AccountException.NotNow($"login: '{user.Login}' was already disabled by {user.DisabledBy} at {at:yyyy-MM-dd HH:mm} UTC", "login");
        user.DisabledAt = time.GetUtcNow();
        user.DisabledBy = by;
        await SaveAsync(() => (user.DisabledAt, user.DisabledBy) = (null, null));
        return Describe(user);
    }

    public async Task<UserAccountInfo> SetPasswordAsync(string login, string passwordHash, string by)
    {
        var user = Require(login);
        var before = (user.PasswordHash, user.PasswordSetAt, user.PasswordSetBy, user.FailedAttempts, user.LockedUntil);
        user.PasswordHash = passwordHash;
        user.PasswordSetAt = time.GetUtcNow();
        user.PasswordSetBy = by;
        // A reset is how an administrator helps a locked-out user: the new password works at once.
        (user.FailedAttempts, user.LockedUntil) = (0, null);
        await SaveAsync(() => (user.PasswordHash, user.PasswordSetAt, user.PasswordSetBy, user.FailedAttempts, user.LockedUntil) = before);
        return Describe(user);
    }

    public async Task<SignInTicket> BeginSignInAsync(string login)
    {
        if (!AccountRules.IsLogin(login) || Find(AccountRules.Login(login)) is not { } user) return new SignInTicket(SignInStart.UnknownLogin);
        if (user.DisabledAt is not null) return new SignInTicket(SignInStart.Disabled);
        var step = _lockout.Begin(Counters(user), time.GetUtcNow());
        if (!step.Allowed) return new SignInTicket(SignInStart.Locked, LockedUntil: user.LockedUntil);

        var before = Counters(user);
        (user.FailedAttempts, user.LockedUntil) = (step.After.FailedAttempts, step.After.LockedUntil);
        await SaveAsync(() => (user.FailedAttempts, user.LockedUntil) = (before.FailedAttempts, before.LockedUntil));
        return new SignInTicket(SignInStart.CheckPassword, user.PasswordHash, user.FailedAttempts, user.LockedUntil);
    }

    public async Task<UserAccountInfo?> CompleteSignInAsync(string login, string? rehashedPassword)
    {
        if (!AccountRules.IsLogin(login) || Find(AccountRules.Login(login)) is not { } user || user.DisabledAt is not null) return null;
        var before = (user.FailedAttempts, user.LockedUntil, user.LastSignInAt, user.PasswordHash);
        var cleared = LockoutPolicy.Succeeded();
        (user.FailedAttempts, user.LockedUntil) = (cleared.FailedAttempts, cleared.LockedUntil);
        user.LastSignInAt = time.GetUtcNow();
        // PasswordHasher asks for a rehash when its defaults grew stronger since the hash was made.
        if (rehashedPassword is not null) user.PasswordHash = rehashedPassword;
        await SaveAsync(() => (user.FailedAttempts, user.LockedUntil, user.LastSignInAt, user.PasswordHash) = before);
        return Describe(user);
    }

    public async Task RevokeTokenAsync(string tokenId, DateTimeOffset expiresAt)
    {
        var now = time.GetUtcNow();
        var revoked = state.State.RevokedTokens;
        // Only until the token's own expiry: after that it is refused anyway, so the list stays as short as the sessions.
        foreach (var gone in revoked.Where(r => r.Value <= now).Select(r => r.Key).ToList()) revoked.Remove(gone);
        if (expiresAt <= now) return;
        revoked[tokenId] = expiresAt;
        await SaveAsync(() => revoked.Remove(tokenId));
    }

    public Task<TokenCheck> CheckTokenAsync(string login, string tokenId, DateTimeOffset issuedAt)
    {
        if (!AccountRules.IsLogin(login) || Find(AccountRules.Login(login)) is not { } user) return Task.FromResult(TokenCheck.UnknownUser);
        if (user.DisabledAt is not null) return Task.FromResult(TokenCheck.Disabled);
        if (state.State.RevokedTokens.ContainsKey(tokenId)) return Task.FromResult(TokenCheck.Revoked);
        // Token times are whole seconds: compare with the second the password was set in.
        var setAt = DateTimeOffset.FromUnixTimeSeconds(user.PasswordSetAt.ToUnixTimeSeconds());
        return Task.FromResult(issuedAt < setAt ? TokenCheck.IssuedBeforePasswordChange : TokenCheck.Valid);
    }

    private UserAccount? Find(string login) => state.State.Users.FirstOrDefault(u => string.Equals(u.Login, login, StringComparison.Ordinal));

    private UserAccount Require(string login)
    {
        var clean = AccountRules.Login(login);
        return Find(clean) ?? throw AccountException.NotFound(clean);
    }

    private static LockoutCounters Counters(UserAccount user) => new(user.FailedAttempts, user.LockedUntil);

    /// <summary>Saves, or undoes the change in memory and fails: the grain never answers about a change that is not stored.</summary>
    private async Task SaveAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }

    private static UserAccountInfo Describe(UserAccount u) =>
        new(u.Login, u.Name, u.Role, u.CreatedAt, u.CreatedBy, u.DisabledAt, u.DisabledBy, u.FailedAttempts, u.LockedUntil, u.LastSignInAt, u.PasswordSetAt, u.PasswordSetBy);
}
