namespace CameraBeheer.Domain.Accounts;

/// <summary>
/// How many sign-in attempts an account gets before it is locked, and for how long. An attempt counts as failed from the
/// moment it starts until it succeeds: the password is checked outside the accounts grain (hashing is slow by design),
/// so counting at the start is what keeps the limit when many attempts arrive at once.
/// </summary>
public sealed record LockoutPolicy(int MaxFailedAttempts, TimeSpan Duration)
{
    public static readonly LockoutPolicy Default = new(5, TimeSpan.FromMinutes(15));

    /// <summary>
    /// Starts an attempt: refused while the account is locked; otherwise counted, and the attempt that reaches the limit
    /// locks the account (it is still checked, and clears the lock when the password is right).
    /// </summary>
    public LockoutStep Begin(LockoutCounters counters, DateTimeOffset now)
    {
        if (counters.LockedUntil is { } until && now < until) return new LockoutStep(false, counters);
        var failed = counters.LockedUntil is null ? counters.FailedAttempts : 0; // a lock that has run out starts a new count
        var after = new LockoutCounters(failed + 1, failed + 1 >= MaxFailedAttempts ? now + Duration : null);
        return new LockoutStep(true, after);
    }

    /// <summary>A right password: the count starts again.</summary>
    public static LockoutCounters Succeeded() => new(0, null);

    public static bool IsLocked(LockoutCounters counters, DateTimeOffset now) => counters.LockedUntil is { } until && now < until;
}

/// <summary>An account's attempts since its last successful sign-in, and the end of its lock.</summary>
public readonly record struct LockoutCounters(int FailedAttempts, DateTimeOffset? LockedUntil);

/// <summary>Whether an attempt may go on, and the counters to keep.</summary>
public readonly record struct LockoutStep(bool Allowed, LockoutCounters After);
