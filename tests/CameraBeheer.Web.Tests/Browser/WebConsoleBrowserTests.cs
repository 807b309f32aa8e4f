using System.Security.Cryptography;
using Microsoft.Playwright;
using MQTTnet;
using MQTTnet.Protocol;
using static Microsoft.Playwright.Assertions;

namespace CameraBeheer.Web.Tests.Browser;

/// <summary>The people of the site doing their work in a real browser (Chromium) against the real host.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class WebConsoleBrowserTests(ConsoleFixture console)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Generous = new() { Timeout = 30_000 };

    [Fact]
    public async Task An_operator_sees_a_forced_gate_within_two_seconds_without_reload_and_acknowledges_and_resolves_it()
    {
        var page = await console.SignInAsync("jansen");
        Assert.EndsWith("/meldkamer", page.Url);
        // "Live" once the backend has confirmed the watch (its response headers): from then on changes reach the page.
        await Expect(page.Locator("[data-test=watch-state]")).ToHaveTextAsync("Live", new() { Timeout = 30_000 });
        await ConsoleFixture.ScreenshotAsync(page, "control-room-empty");

        var alert = page.Locator("[data-test=alert][data-rule=poort-geforceerd]");
        // The first forced gate of a freshly started host runs through cold code (compiling, the first activations of
        // the gate and control-room grains, the watch's first delivery), which a loaded test machine can stretch past
        // 2 seconds. The 2 seconds are the promise of a running control room, so they are measured on the second one,
        // after the first was taken away through the API (which opens no new alert and takes no time of the browser).
        await PublishForcedGateAsync();
        await Expect(alert).ToBeVisibleAsync(Generous);
        await ResolveThroughApiAsync(await alert.GetAttributeAsync("data-alert") ?? "");
        await Expect(alert).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        await PublishForcedGateAsync();
        await Expect(alert).ToBeVisibleAsync(new() { Timeout = 2_000 });
        await Expect(alert).ToContainTextAsync("Poort hoofdingang geforceerd");
        Assert.Contains("prio-critical", await alert.GetAttributeAsync("class"));
        await ConsoleFixture.ScreenshotAsync(page, "control-room");

        await alert.GetByRole(AriaRole.Button, new() { Name = "Bevestigen" }).ClickAsync();
        await Expect(alert.Locator("[data-test=alert-status]")).ToHaveTextAsync("bevestigd", new() { Timeout = 30_000 });
        var id = await alert.GetAttributeAsync("data-alert");

        await alert.GetByRole(AriaRole.Button, new() { Name = "Afhandelen…" }).ClickAsync();
        await alert.Locator("input").FillAsync("poort gecontroleerd, niemand gezien");
        await alert.Locator("button[data-outcome=staff]").ClickAsync();
        await Expect(page.Locator($"[data-alert='{id}']")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        // What the backend holds now: resolved by this person, with the outcome and note chosen in the browser.
        var all = await new Alerts.AlertsClient(console.Channel).ListAsync(new ListAlertsRequest { Site = ConsoleFixture.Site, IncludeResolved = true }, await OperatorAsync(), cancellationToken: TestContext.Current.CancellationToken);
        var stored = all.Alerts.Single(a => a.Id == id);
        Assert.Equal(("resolved", "staff", "poort gecontroleerd, niemand gezien", "Operator Jansen", "Operator Jansen"),
            (stored.Status, stored.Outcome, stored.Note, stored.AcknowledgedBy, stored.ResolvedBy));
    }

    [Fact]
    public async Task Staff_check_a_guest_in_see_them_on_site_and_a_time_out_at_a_refused_time_shows_the_refusal()
    {
        var page = await console.SignInAsync("devries");
        Assert.EndsWith("/poort", page.Url);
        await Expect(page.Locator("#guest")).ToBeVisibleAsync(Generous);
        await page.FillAsync("#guest", "Piet Bezoeker");
        await page.SelectOptionAsync("#visiting", console.Resident.Id);
        await page.CheckAsync("input[type=checkbox]");
        await page.ClickAsync("form[data-test=check-in] button[type=submit]");
        await Expect(page.Locator("table[data-test=on-site]")).ToContainTextAsync("Piet Bezoeker", new() { Timeout = 30_000 });
        await Expect(page.Locator("table[data-test=on-site]")).ToContainTextAsync("Anna de Boer");
        await ConsoleFixture.ScreenshotAsync(page, "gate-desk");

        await page.SelectOptionAsync("#to-resident", console.Resident.Id);
        await page.FillAsync("#to-reason", "schreeuwen in de gang");
        await page.ClickAsync("form[data-test=time-out] button[type=submit]");
        var refusal = page.Locator("[data-test=time-out-refused]");
        await Expect(refusal).ToContainTextAsync($"next allowed at {console.Host.NextAllowed}", new() { Timeout = 30_000 });
        await ConsoleFixture.ScreenshotAsync(page, "gate-desk-time-out-refused");

        var evacuation = await page.Context.NewPageAsync();
        await evacuation.GotoAsync($"{console.Host.WebUrl}/poort/evacuatie");
        await Expect(evacuation.Locator("main")).ToContainTextAsync("Piet Bezoeker", new() { Timeout = 30_000 });
        await ConsoleFixture.ScreenshotAsync(evacuation, "evacuation-list");
    }

    [Fact]
    public async Task Staff_opening_the_police_pages_are_refused()
    {
        var page = await console.SignInAsync("devries");
        await page.GotoAsync($"{console.Host.WebUrl}/politie");
        await Expect(page.Locator("[data-test=refused]")).ToContainTextAsync("Deze pagina is voor de rol police; u bent aangemeld als staff", new() { Timeout = 30_000 });
        await Expect(page.Locator("form[data-test=new-request]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_police_officer_submits_a_request_a_manager_approves_it_in_another_browser_and_the_officer_downloads_a_file_whose_hash_matches()
    {
        var officer = await console.SignInAsync("bakker");
        Assert.EndsWith("/politie", officer.Url);
        await Expect(officer.Locator("#case")).ToBeVisibleAsync(Generous);
        var local = ConsoleTextTime.Amsterdam(DateTimeOffset.UtcNow.AddHours(-2));
        await officer.FillAsync("#case", "PL0900-2026123456");
        await officer.Locator("fieldset label", new() { HasText = "cam-01" }).Locator("input").CheckAsync();
        await officer.FillAsync("#from", local.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await officer.FillAsync("#to", local.AddMinutes(10).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await officer.FillAsync("#reason", "Mishandeling bij de poort");
        await ConsoleFixture.ScreenshotAsync(officer, "police-new-request");
        await officer.ClickAsync("form[data-test=new-request] button[type=submit]");
        await Expect(officer.Locator("[data-test=done]")).ToContainTextAsync("ingediend", new() { Timeout = 30_000 });
        var row = officer.Locator("table[data-test=requests] tr[data-request]").First;
        var id = await row.GetAttributeAsync("data-request");

        var manager = await console.SignInAsync("smit");
        Assert.EndsWith("/beheer", manager.Url);
        await manager.Locator("#review-reason").FillAsync("Vordering 126nd in orde");
        await ConsoleFixture.ScreenshotAsync(manager, "manager");
        await manager.Locator($"tr[data-request='{id}']").GetByRole(AriaRole.Button, new() { Name = "Goedkeuren" }).ClickAsync();
        await Expect(manager.Locator("[data-test=done]")).ToContainTextAsync("goedgekeurd", new() { Timeout = 30_000 });

        // The export runs in the backend; the officer reloads the list until it is ready (no fixed wait).
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            await officer.ReloadAsync();
            var state = officer.Locator($"tr[data-request='{id}'] [data-test=state]");
            await state.WaitForAsync(new() { Timeout = 30_000 });
            var text = await state.TextContentAsync();
            if (text == "klaar") break;
            Assert.True(DateTime.UtcNow < deadline && text != "mislukt", $"request {id} is '{text}', not ready");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
        await officer.Locator($"tr[data-request='{id}'] button").ClickAsync();
        await officer.FillAsync("#dl-reason", "bewijs voor de zaak");
        var link = officer.Locator("[data-test=details] a[data-file]").First;
        await Expect(link).ToBeVisibleAsync(Generous);
        var listed = (await link.Locator("xpath=..").TextContentAsync())!;
        await ConsoleFixture.ScreenshotAsync(officer, "police");
        var download = await officer.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var path = await download.PathAsync();
        var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken)));
        Assert.Contains($"sha256 {hash}", listed);
    }

    private async Task<Grpc.Core.Metadata> OperatorAsync()
    {
        var reply = await new Accounts.AccountsClient(console.Channel).SignInAsync(new SignInRequest { Login = "jansen", Password = ConsoleFixture.Password });
        return new Grpc.Core.Metadata { { "Authorization", $"Bearer {reply.Token}" } };
    }

    private async Task ResolveThroughApiAsync(string id)
    {
        var alerts = new Alerts.AlertsClient(console.Channel);
        var caller = await OperatorAsync();
        await alerts.AcknowledgeAsync(new AcknowledgeAlertRequest { Site = ConsoleFixture.Site, Id = id }, caller, cancellationToken: TestContext.Current.CancellationToken);
        await alerts.ResolveAsync(new ResolveAlertRequest { Site = ConsoleFixture.Site, Id = id, Outcome = "none", Note = "proef" }, caller, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>The gate controller reports the gate forced open, over MQTT at QoS 1, as the edge agent does.</summary>
    private async Task PublishForcedGateAsync()
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", console.Host.MqttPort)
            .WithClientId($"web-test-{Guid.NewGuid():N}").WithCredentials(console.EdgeAgent.User, console.EdgeAgent.Secret).Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(options, timeout.Token);
        var ts = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var message = new MqttApplicationMessageBuilder().WithTopic($"camerabeheer/v1/{ConsoleFixture.Site}/gate/hoofdingang/event")
            .WithPayload($$"""{"id":"forced-{{Guid.NewGuid():N}}","ts":"{{ts}}","kind":"forced"}""")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        // The broker acknowledges only once the event is stored: from here the 2 seconds count.
        var result = await client.PublishAsync(message, timeout.Token);
        Assert.True(result.IsSuccess, $"{result.ReasonCode} {result.ReasonString}");
        await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token);
    }
}

/// <summary>The facility's local time, as a person types it into the form.</summary>
internal static class ConsoleTextTime
{
    public static DateTime Amsterdam(DateTimeOffset utc) => Text.ConsoleText.Local(utc).DateTime;
}
