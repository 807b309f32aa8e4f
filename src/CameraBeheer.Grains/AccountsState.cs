namespace CameraBeheer.Grains;

/// <summary>The durable list of a site's user accounts and the token ids signed out of.</summary>
[GenerateSerializer]
public sealed class AccountsState
{
    [Id(0)] public List<UserAccount> Users { get; set; } = [];

    /// <summary>Token id → the token's expiry: a signed-out token is refused until then, and forgotten after.</summary>
    [Id(1)] public Dictionary<string, DateTimeOffset> RevokedTokens { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One person who may sign in.</summary>
[GenerateSerializer]
public sealed class UserAccount
{
    /// <summary>Lower case; unique at the site.</summary>
    [Id(0)] public string Login { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string Role { get; set; } = "";

    /// <summary>ASP.NET Core Identity's PasswordHasher format (PBKDF2 with salt and iteration count inside).</summary>
    [Id(3)] public string PasswordHash { get; set; } = "";
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public string CreatedBy { get; set; } = "";
    [Id(6)] public DateTimeOffset? DisabledAt { get; set; }
    [Id(7)] public string? DisabledBy { get; set; }
    [Id(8)] public int FailedAttempts { get; set; }
    [Id(9)] public DateTimeOffset? LockedUntil { get; set; }
    [Id(10)] public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Tokens issued before this moment (a password reset) are refused.</summary>
    [Id(11)] public DateTimeOffset PasswordSetAt { get; set; }
    [Id(12)] public string PasswordSetBy { get; set; } = "";
}
