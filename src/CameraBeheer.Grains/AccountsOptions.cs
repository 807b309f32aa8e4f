using CameraBeheer.Domain.Accounts;

namespace CameraBeheer.Grains;

/// <summary>The lockout rule (configuration section <c>Auth:Lockout</c>): attempts before the lock, and how long it lasts.</summary>
public sealed class AccountsOptions
{
    public int MaxFailedAttempts { get; set; } = LockoutPolicy.Default.MaxFailedAttempts;

    public TimeSpan Duration { get; set; } = LockoutPolicy.Default.Duration;

    public LockoutPolicy Policy => new(MaxFailedAttempts, Duration);
}
