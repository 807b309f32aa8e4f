namespace CameraBeheer.Abstractions;

/// <summary>
/// The people who may sign in at a site (key: the site id): login, display name, role, password hash, disabled or not,
/// their lockout counters, and the token ids they signed out of (kept until those tokens expire). Passwords are hashed
/// and checked by the caller, outside this grain's turn: the grain only stores hashes and keeps the counts.
/// </summary>
public interface IAccountsGrain : IGrainWithStringKey
{
    Task<UserAccountInfo> AddAsync(string login, string name, string role, string passwordHash, string by);

    Task<ImmutableArray<UserAccountInfo>> ListAsync();

    Task<UserAccountInfo> DisableAsync(string login, string by);

    /// <summary>Sets a new password hash; tokens issued before it stop working.</summary>
    Task<UserAccountInfo> SetPasswordAsync(string login, string passwordHash, string by);

    /// <summary>Starts a sign-in: counts the attempt and hands out the hash to check, or says why there is nothing to check.</summary>
    Task<SignInTicket> BeginSignInAsync(string login);

    /// <summary>The password was right: clears the count. Null when the account was disabled or removed meanwhile.</summary>
    Task<UserAccountInfo?> CompleteSignInAsync(string login, string? rehashedPassword);

    /// <summary>Refuses the token with this id from now until it expires.</summary>
    Task RevokeTokenAsync(string tokenId, DateTimeOffset expiresAt);

    /// <summary>Whether a token issued to <paramref name="login"/> at <paramref name="issuedAt"/> may still be used.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<TokenCheck> CheckTokenAsync(string login, string tokenId, DateTimeOffset issuedAt);
}

/// <summary>A user as an administrator sees it; never the hash.</summary>
[GenerateSerializer, Immutable]
public sealed record UserAccountInfo(
    [property: Id(0)] string Login,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] string CreatedBy,
    [property: Id(5)] DateTimeOffset? DisabledAt,
    [property: Id(6)] string? DisabledBy,
    [property: Id(7)] int FailedAttempts,
    [property: Id(8)] DateTimeOffset? LockedUntil,
    [property: Id(9)] DateTimeOffset? LastSignInAt,
    [property: Id(10)] DateTimeOffset PasswordSetAt,
    [property: Id(11)] string PasswordSetBy);

/// <summary>The start of a sign-in: the hash to check when there is one to check, otherwise why not.</summary>
[GenerateSerializer, Immutable]
public sealed record SignInTicket(
    [property: Id(0)] SignInStart Start,
    [property: Id(1)] string? PasswordHash = null,
    [property: Id(2)] int Attempt = 0,
    [property: Id(3)] DateTimeOffset? LockedUntil = null);

/// <summary>Why a sign-in may or may not go on to the password check.</summary>
public enum SignInStart
{
    CheckPassword,
    UnknownLogin,
    Disabled,
    Locked,
}

/// <summary>Whether an account's token may be used.</summary>
public enum TokenCheck
{
    Valid,
    UnknownUser,
    Disabled,
    Revoked,
    IssuedBeforePasswordChange,
}
