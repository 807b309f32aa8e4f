using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CameraBeheer.Web.Tests.Browser;

/// <summary>The manager's and the administrator's desk in a real browser against the real host.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ManagerDeskBrowserTests(ConsoleFixture console)
{
    private static readonly LocatorAssertionsToHaveTextOptions Generous = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToContainTextOptions GenerousContains = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_manager_sees_the_retention_bar_places_and_releases_a_hold_and_the_audit_log_of_the_day_verifies_intact()
    {
        // Footage of a week ago on cam-03: a quarter of the 28-day retention period.
        var weekAgo = TestFootage.Second(DateTimeOffset.UtcNow.AddDays(-7));
        await TestFootage.PlaceAsync(console.Host.DataDirectory, ConsoleFixture.Site, "cam-03", weekAgo);

        var page = await console.SignInAsync("smit");
        await page.GotoAsync($"{console.Host.WebUrl}/beheer/bewaren");
        var bar = page.Locator("tr[data-camera=cam-03] [data-test=bar]");
        await Expect(bar).ToHaveAttributeAsync("style", "width:25%", new() { Timeout = 30_000 });

        var local = ConsoleTextTime.Amsterdam(weekAgo);
        await page.Locator("form[data-test=place-hold] label", new() { HasText = "cam-03" }).Locator("input").CheckAsync();
        await page.FillAsync("#hold-from", local.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#hold-to", local.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#hold-expires", ConsoleTextTime.Amsterdam(DateTimeOffset.UtcNow.AddDays(30)).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#hold-reference", "PL0900-2026000111");
        await page.FillAsync("#hold-reason", "Vernieling bij de fietsenstalling");
        await page.ClickAsync("form[data-test=place-hold] button[type=submit]");
        await Expect(page.Locator("[data-test=done]")).ToContainTextAsync("geplaatst", GenerousContains);
        var row = page.Locator("table[data-test=holds] tr[data-hold]", new() { HasText = "PL0900-2026000111" });
        await Expect(row.Locator("[data-test=state]")).ToHaveTextAsync("actief", Generous);
        var id = (await row.GetAttributeAsync("data-hold"))!;
        // The report names the hold on the camera and the bar turns to "held".
        await Expect(page.Locator("tr[data-camera=cam-03]")).ToContainTextAsync(id, GenerousContains);
        await Expect(bar).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("held"));
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await ConsoleFixture.ScreenshotAsync(page, "manager-retention");

        await page.FillAsync("#release-reason", "Beelden aan de politie overgedragen");
        await row.GetByRole(AriaRole.Button, new() { Name = "Beëindigen" }).ClickAsync();
        await Expect(page.Locator("[data-test=done]")).ToContainTextAsync("beëindigd", GenerousContains);
        await Expect(page.Locator($"tr[data-hold='{id}']")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        // What the backend holds: released by this manager with the reason typed in the browser.
        var holds = await new Retention.RetentionClient(console.Channel).ListHoldsAsync(new ListHoldsRequest { Site = ConsoleFixture.Site, IncludeEnded = true }, console.Admin, cancellationToken: TestContext.Current.CancellationToken);
        var stored = holds.Holds.Single(h => h.Id == id);
        Assert.Equal(("released", "Marieke Smit", "Beelden aan de politie overgedragen", "Marieke Smit"), (stored.State, stored.ReleasedBy, stored.ReleaseReason, stored.PlacedBy));

        await page.GotoAsync($"{console.Host.WebUrl}/beheer/audit");
        var entries = page.Locator("table[data-test=audit-entries]");
        await Expect(entries.Locator("tr[data-method='Retention/PlaceHold']").First).ToContainTextAsync("Marieke Smit", GenerousContains);
        await Expect(entries.Locator("tr[data-method='Retention/ReleaseHold']").Last).ToContainTextAsync("Beelden aan de politie overgedragen", GenerousContains);
        await page.ClickAsync("[data-test=verify]");
        await Expect(page.Locator("[data-test=verify-result]")).ToContainTextAsync("intact:", GenerousContains);
        await ConsoleFixture.ScreenshotAsync(page, "manager-audit");
    }

    [Fact]
    public async Task An_administrator_adds_a_user_who_can_sign_in_with_the_password_shown_once_then_disables_them()
    {
        var page = await console.SignInAsync("beheer");
        await page.GotoAsync($"{console.Host.WebUrl}/beheer/gebruikers");
        await Expect(page.Locator("tr[data-user=jansen]")).ToContainTextAsync("Operator Jansen", GenerousContains);
        await page.FillAsync("#user-login", "nieuw");
        await page.FillAsync("#user-name", "Nieuwe Collega");
        await page.SelectOptionAsync("#user-role", "staff");
        await page.ClickAsync("form[data-test=add-user] button[type=submit]");
        var shown = page.Locator("[data-test=generated-password]");
        await Expect(shown).ToContainTextAsync("alleen nu getoond", GenerousContains);
        var password = (await shown.TextContentAsync())!.Split(": ", 2)[1].Trim();
        await ConsoleFixture.ScreenshotAsync(page, "admin-users");

        // The password works at the real Accounts service; after disabling it no longer does.
        var accounts = new Accounts.AccountsClient(console.Channel);
        var signedIn = await accounts.SignInAsync(new SignInRequest { Login = "nieuw", Password = password }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("staff", signedIn.User.Role);
        await page.FillAsync("#disable-reason", "proefaccount");
        await page.Locator("tr[data-user=nieuw]").GetByRole(AriaRole.Button, new() { Name = "Uitschakelen" }).ClickAsync();
        await Expect(page.Locator("tr[data-user=nieuw] [data-test=state]")).ToHaveTextAsync("uitgeschakeld", Generous);
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await accounts.SignInAsync(new SignInRequest { Login = "nieuw", Password = password }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(Grpc.Core.StatusCode.Unauthenticated, refused.StatusCode);

        await page.GotoAsync($"{console.Host.WebUrl}/beheer/agenten");
        await Expect(page.Locator($"tr[data-agent='{console.EdgeAgent.User}']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await ConsoleFixture.ScreenshotAsync(page, "admin-agents");
    }
}
