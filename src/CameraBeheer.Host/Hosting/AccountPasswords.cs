using Microsoft.AspNetCore.Identity;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Password hashes with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, 100,000
/// iterations, random salt, the format versioned inside the hash). Slow by design; called outside any grain turn.
/// </summary>
public sealed class AccountPasswords
{
    private readonly PasswordHasher<UserAccountInfo> _hasher = new();
    private readonly Lazy<string> _decoy;

    public AccountPasswords() => _decoy = new(() => _hasher.HashPassword(null!, Domain.Accounts.InitialPasswords.Generate()));

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public PasswordCheck Verify(string hash, string password) => _hasher.VerifyHashedPassword(null!, hash, password) switch
    {
        PasswordVerificationResult.Success => PasswordCheck.Right,
        PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.RightButRehash,
        _ => PasswordCheck.Wrong,
    };

    /// <summary>Spends the time of a real check on a hash nobody has the password of, so a missing account answers as slowly as a real one.</summary>
    public void VerifyNothing(string password) => _hasher.VerifyHashedPassword(null!, _decoy.Value, password);
}

/// <summary>The outcome of a password check.</summary>
public enum PasswordCheck
{
    Wrong,
    Right,
    RightButRehash,
}

/// <summary>The configured lockout rule, for messages.</summary>
public sealed class LockoutPolicyView(Microsoft.Extensions.Options.IOptions<Grains.AccountsOptions> options)
{
    public Domain.Accounts.LockoutPolicy Policy { get; } = options.Value.Policy;
}
