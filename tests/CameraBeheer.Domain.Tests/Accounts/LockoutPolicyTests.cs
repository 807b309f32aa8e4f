using Microsoft.Extensions.Time.Testing;

namespace CameraBeheer.Domain.Tests.Accounts;

public sealed class LockoutPolicyTests
{
    private static readonly LockoutPolicy Policy = LockoutPolicy.Default;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    private LockoutCounters Fail(LockoutCounters counters, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var step = Policy.Begin(counters, _clock.GetUtcNow());
            Assert.True(step.Allowed);
            counters = step.After;
        }
        return counters;
    }

    [Fact]
    public void Four_failed_attempts_leave_the_account_open()
    {
        var counters = Fail(default, 4);
        Assert.False(LockoutPolicy.IsLocked(counters, _clock.GetUtcNow()));
        Assert.True(Policy.Begin(counters, _clock.GetUtcNow()).Allowed);
    }

    [Fact]
    public void The_fifth_failed_attempt_locks_the_account_for_15_minutes()
    {
        var counters = Fail(default, 5);

        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(15), counters.LockedUntil);
        Assert.False(Policy.Begin(counters, _clock.GetUtcNow()).Allowed);
        _clock.Advance(TimeSpan.FromMinutes(14) + TimeSpan.FromSeconds(59));
        Assert.False(Policy.Begin(counters, _clock.GetUtcNow()).Allowed);
    }

    [Fact]
    public void The_lock_ends_after_15_minutes_and_the_count_starts_again()
    {
        var counters = Fail(default, 5);
        _clock.Advance(TimeSpan.FromMinutes(15));

        var step = Policy.Begin(counters, _clock.GetUtcNow());

        Assert.True(step.Allowed);
        Assert.Equal(new LockoutCounters(1, null), step.After);
    }

    [Fact]
    public void A_refused_attempt_while_locked_does_not_make_the_lock_longer()
    {
        var counters = Fail(default, 5);
        var until = counters.LockedUntil;
        _clock.Advance(TimeSpan.FromMinutes(10));

        var step = Policy.Begin(counters, _clock.GetUtcNow());

        Assert.False(step.Allowed);
        Assert.Equal(until, step.After.LockedUntil);
    }

    [Fact]
    public void A_right_password_clears_the_count()
    {
        Fail(default, 4);
        Assert.Equal(new LockoutCounters(0, null), LockoutPolicy.Succeeded());
    }

    [Fact]
    public void The_limit_and_the_duration_are_configurable()
    {
        var strict = new LockoutPolicy(2, TimeSpan.FromMinutes(60));
        var first = strict.Begin(default, _clock.GetUtcNow()).After;
        var second = strict.Begin(first, _clock.GetUtcNow()).After;
        Assert.Equal(_clock.GetUtcNow().AddHours(1), second.LockedUntil);
    }
}
