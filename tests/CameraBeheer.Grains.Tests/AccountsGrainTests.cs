using CameraBeheer.Domain.Accounts;

namespace CameraBeheer.Grains.Tests;

/// <summary>The accounts grain on the fake clock: lockout and unlock, attempts at once, tokens ended by disable, sign-out and reset.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AccountsGrainTests(ClusterFixture fixture)
{
    private IAccountsGrain Accounts(string site) => fixture.Grains.GetGrain<IAccountsGrain>(site);

    private static async Task<IAccountsGrain> WithUserAsync(IAccountsGrain accounts, string login = "jansen")
    {
        await accounts.AddAsync(login, "Operator Jansen", "operator", "HASH-1", "Admin");
        return accounts;
    }

    [Fact]
    public async Task Five_started_attempts_without_success_lock_the_account_until_15_minutes_have_passed()
    {
        fixture.MoveClockToFreshDay(new TimeSpan(9, 0, 0));
        var accounts = await WithUserAsync(Accounts("lock-site"));

        for (var i = 1; i <= 5; i++)
        {
            var ticket = await accounts.BeginSignInAsync("jansen");
            Assert.Equal(SignInStart.CheckPassword, ticket.Start);
            Assert.Equal(i, ticket.Attempt);
        }
        var locked = await accounts.BeginSignInAsync("jansen");
        Assert.Equal(SignInStart.Locked, locked.Start);
        Assert.Null(locked.PasswordHash); // nothing to check while locked: a right guess is not even looked at

        fixture.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(SignInStart.Locked, (await accounts.BeginSignInAsync("jansen")).Start);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var after = await accounts.BeginSignInAsync("jansen");
        Assert.Equal(SignInStart.CheckPassword, after.Start);
        Assert.Equal(1, after.Attempt);
    }

    [Fact]
    public async Task Many_attempts_at_once_get_no_more_password_checks_than_the_limit()
    {
        fixture.MoveClockToFreshDay(new TimeSpan(9, 0, 0));
        var accounts = await WithUserAsync(Accounts("burst-site"));

        var tickets = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => accounts.BeginSignInAsync("JANSEN")));

        Assert.Equal(5, tickets.Count(t => t.Start == SignInStart.CheckPassword));
        Assert.Equal(35, tickets.Count(t => t.Start == SignInStart.Locked));
    }

    [Fact]
    public async Task A_successful_sign_in_clears_the_count_and_the_lock()
    {
        fixture.MoveClockToFreshDay(new TimeSpan(9, 0, 0));
        var accounts = await WithUserAsync(Accounts("clear-site"));
        for (var i = 0; i < 5; i++) await accounts.BeginSignInAsync("jansen");

        var user = await accounts.CompleteSignInAsync("jansen", rehashedPassword: null);

        Assert.NotNull(user);
        Assert.Equal(0, user.FailedAttempts);
        Assert.Null(user.LockedUntil);
        Assert.Equal(fixture.Clock.GetUtcNow(), user.LastSignInAt);
    }

    [Fact]
    public async Task A_disabled_account_starts_no_sign_in_and_its_tokens_are_refused()
    {
        var now = fixture.MoveClockToFreshDay(new TimeSpan(9, 0, 0));
        var accounts = await WithUserAsync(Accounts("disable-site"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TokenCheck.Valid, await accounts.CheckTokenAsync("jansen", "t1", now.AddSeconds(5)));

        var user = await accounts.DisableAsync("jansen", "Admin");

        Assert.Equal("Admin", user.DisabledBy);
        Assert.Equal(TokenCheck.Disabled, await accounts.CheckTokenAsync("jansen", "t1", now.AddSeconds(5)));
        Assert.Equal(SignInStart.Disabled, (await accounts.BeginSignInAsync("jansen")).Start);
        Assert.Null(await accounts.CompleteSignInAsync("jansen", null));
        Assert.Equal(AccountErrorKind.NotAllowedNow, (await Assert.ThrowsAsync<AccountException>(() => accounts.DisableAsync("jansen", "Admin"))).Kind);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_until_its_expiry_and_then_forgotten()
    {
        var now = fixture.MoveClockToFreshDay(new TimeSpan(9, 0, 0));
        var accounts = await WithUserAsync(Accounts("revoke-site"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));

        await accounts.RevokeTokenAsync("t-revoked", now.AddHours(8));

        Assert.Equal(TokenCheck.Revoked, await accounts.CheckTokenAsync("jansen", "t-revoked", now.AddSeconds(1)));
        Assert.Equal(TokenCheck.Valid, await accounts.CheckTokenAsync("jansen", "t-other", now.AddSeconds(1)));
        fixture.Clock.Advance(TimeSpan.FromHours(8));
        await accounts.RevokeTokenAsync("t-later", now.AddHours(16)); // any revocation prunes the expired ones
        Assert.Equal(TokenCheck.Valid, await accounts.CheckTokenAsync("jansen", "t-revoked", now.AddSeconds(1)));
    }

    [Fact]
    public async Task A_new_password_ends_tokens_issued_before_it_and_lifts_the_lock()
    {
        var now = fixture.MoveClockToFreshDay(new TimeSpan(9, 0, 0));
        var accounts = await WithUserAsync(Accounts("reset-site"));
        for (var i = 0; i < 5; i++) await accounts.BeginSignInAsync("jansen");
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));

        var user = await accounts.SetPasswordAsync("jansen", "HASH-2", "Admin");

        Assert.Null(user.LockedUntil);
        Assert.Equal(TokenCheck.IssuedBeforePasswordChange, await accounts.CheckTokenAsync("jansen", "t1", now));
        Assert.Equal("HASH-2", (await accounts.BeginSignInAsync("jansen")).PasswordHash);
    }

    [Fact]
    public async Task Logins_are_unique_without_case_and_unknown_ones_are_not_found()
    {
        fixture.MoveClockToFreshDay(new TimeSpan(9, 0, 0));
        var accounts = await WithUserAsync(Accounts("unique-site"));

        var taken = await Assert.ThrowsAsync<AccountException>(() => accounts.AddAsync("JANSEN", "Another Jansen", "staff", "H", "Admin"));
        Assert.Equal(AccountErrorKind.NotAllowedNow, taken.Kind);
        Assert.Equal(AccountErrorKind.NotFound, (await Assert.ThrowsAsync<AccountException>(() => accounts.DisableAsync("nobody", "Admin"))).Kind);
        Assert.Equal(SignInStart.UnknownLogin, (await accounts.BeginSignInAsync("nobody")).Start);
        Assert.Equal(SignInStart.UnknownLogin, (await accounts.BeginSignInAsync("no body\n")).Start);
        Assert.Equal(TokenCheck.UnknownUser, await accounts.CheckTokenAsync("nobody", "t", fixture.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task Accounts_survive_a_restart_without_their_hash_in_the_list()
    {
        fixture.MoveClockToFreshDay(new TimeSpan(9, 0, 0));
        await WithUserAsync(Accounts("restart-site"), "visser");
        await fixture.RestartAsync();

        var user = Assert.Single(await Accounts("restart-site").ListAsync());
        Assert.Equal(("visser", "Operator Jansen", "operator"), (user.Login, user.Name, user.Role));
        Assert.Equal("HASH-1", (await Accounts("restart-site").BeginSignInAsync("visser")).PasswordHash);
    }
}
