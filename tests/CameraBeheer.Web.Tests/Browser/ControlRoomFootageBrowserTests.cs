using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CameraBeheer.Web.Tests.Browser;

/// <summary>Footage in the control room, in a real browser against the real host: the camera wall's still frames and playback.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ControlRoomFootageBrowserTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_wall_shows_a_still_frame_ffmpeg_made_from_the_newest_segment_and_the_view_is_in_the_audit_log()
    {
        var since = DateTimeOffset.UtcNow;
        // An older and a newer segment of cam-02: the wall must show the newer one's keyframe.
        await TestFootage.PlaceAsync(console.Host.DataDirectory, ConsoleFixture.Site, "cam-02", TestFootage.Second(since.AddMinutes(-30)));
        var newest = TestFootage.Second(since.AddMinutes(-1));
        var file = await TestFootage.PlaceAsync(console.Host.DataDirectory, ConsoleFixture.Site, "cam-02", newest);

        var page = await console.SignInAsync("jansen");
        await page.GotoAsync($"{console.Host.WebUrl}/meldkamer/muur");
        var still = page.Locator("li[data-camera=cam-02] img");
        await Expect(still).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.EndsWith(Path.GetFileName(file), await still.GetAttributeAsync("data-segment"));
        // A decoded JPEG as ffmpeg scaled it (the 320×240 clip to 480 wide): a real picture, not a placeholder.
        Assert.Equal(480, await still.EvaluateAsync<int>("img => img.naturalWidth"));
        Assert.Equal(360, await still.EvaluateAsync<int>("img => img.naturalHeight"));
        await Expect(page.Locator("li[data-camera=cam-05] [data-test=no-still]")).ToHaveTextAsync("nog geen beelden");
        await ConsoleFixture.ScreenshotAsync(page, "camera-wall");

        var entry = await AuditEntryAsync(since, e => e.Method == "Cameras/Still" && e.Target.Contains("cam-02 still of", StringComparison.Ordinal));
        Assert.Equal(("Operator Jansen", "operator", "camera wall: live watch in the control room"), (entry.Caller, entry.Role, entry.Reason));
        Assert.Contains(newest.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), entry.Target);
    }

    [Fact]
    public async Task Playback_asks_a_reason_then_fetches_a_range_206_the_reason_is_audited_and_a_missing_or_refused_segment_says_why()
    {
        var since = DateTimeOffset.UtcNow;
        var start = TestFootage.Second(since.AddMinutes(-5));
        await TestFootage.PlaceAsync(console.Host.DataDirectory, ConsoleFixture.Site, "cam-04", start);

        var page = await console.SignInAsync("jansen");
        await page.GotoAsync($"{console.Host.WebUrl}/meldkamer/camera/cam-04");
        var stamp = start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        await Expect(page.Locator($"#segment option[value='{stamp}']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        Assert.Equal(0, await page.Locator("video").CountAsync());
        await page.FillAsync("#playback-reason", "controle na melding vernieling");
        var ranged = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("form[data-test=playback] button[type=submit]"),
            r => r.Url.Contains("/meldkamer/opname", StringComparison.Ordinal) && r.Status == 206,
            new() { Timeout = 60_000 });
        Assert.StartsWith("bytes ", (await ranged.AllHeadersAsync())["content-range"]);
        Assert.Equal("video/mp4", (await ranged.AllHeadersAsync())["content-type"]);
        await ConsoleFixture.ScreenshotAsync(page, "camera-playback");

        var entry = await AuditEntryAsync(since, e => e.Method == "Cameras/ReadSegment" && e.Target.Contains("cam-04 segment", StringComparison.Ordinal));
        Assert.Equal(("Operator Jansen", "controle na melding vernieling"), (entry.Caller, entry.Reason));

        var missing = await page.APIRequest.GetAsync($"{console.Host.WebUrl}/meldkamer/opname?camera=cam-04&start=20200101T000000Z&reden=controle");
        Assert.Equal(404, missing.Status);
        Assert.Contains("no stored segment of camera cam-04 starts at 2020-01-01 00:00:00Z", await missing.TextAsync());

        var staff = await console.SignInAsync("devries");
        var refused = await staff.APIRequest.GetAsync($"{console.Host.WebUrl}/meldkamer/opname?camera=cam-04&start={stamp}&reden=nieuwsgierig");
        Assert.Equal(403, refused.Status);
        Assert.Contains("staff", await refused.TextAsync());
    }

    [Fact]
    public async Task Motion_published_over_MQTT_shows_as_an_active_feed_of_its_zone_and_on_the_cameras_timeline()
    {
        var page = await console.SignInAsync("jansen");
        await page.GotoAsync($"{console.Host.WebUrl}/meldkamer/zones");
        var active = page.Locator("tr[data-zone='straal-250m'] [data-test=active]");
        await Expect(active).ToHaveTextAsync("geen", new() { Timeout = 30_000 });

        await PublishMotionStartAsync("cam-31", "bus-stop");
        // The page refreshes every 10 s by itself: no reload.
        await Expect(active).ToHaveTextAsync("cam-31/bus-stop", new() { Timeout = 30_000 });
        await Expect(page.Locator("tr[data-zone='straal-250m'] .feed.active")).ToHaveTextAsync("cam-31");
        await ConsoleFixture.ScreenshotAsync(page, "zones");

        await page.GotoAsync($"{console.Host.WebUrl}/meldkamer/camera/cam-31");
        await Expect(page.Locator("[data-test=timeline] li").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // The camera knows the motion: its last motion is in that region (online comes from its heartbeats, not from motion).
        await Expect(page.Locator("[data-test=camera-info]")).ToContainTextAsync("bus-stop");
    }

    /// <summary>The camera reports motion starting, over MQTT at QoS 1, as the edge agent does.</summary>
    private async Task PublishMotionStartAsync(string camera, string region)
    {
        using var client = new MQTTnet.MqttClientFactory().CreateMqttClient();
        var options = new MQTTnet.MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", console.Host.MqttPort)
            .WithClientId($"web-test-{Guid.NewGuid():N}").WithCredentials(console.EdgeAgent.User, console.EdgeAgent.Secret).Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(options, timeout.Token);
        var ts = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var message = new MQTTnet.MqttApplicationMessageBuilder().WithTopic($"camerabeheer/v1/{ConsoleFixture.Site}/camera/{camera}/motion")
            .WithPayload($$"""{"id":"motion-{{Guid.NewGuid():N}}","ts":"{{ts}}","phase":"start","region":"{{region}}","score":0.5}""")
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build();
        var result = await client.PublishAsync(message, timeout.Token);
        Assert.True(result.IsSuccess, $"{result.ReasonCode} {result.ReasonString}");
        await client.DisconnectAsync(new MQTTnet.MqttClientDisconnectOptionsBuilder().Build(), timeout.Token);
    }

    /// <summary>The entry the backend wrote, read through the real Audit service (the day of the test, or the next if it ran past midnight).</summary>
    private async Task<AuditEntry> AuditEntryAsync(DateTimeOffset since, Func<AuditEntry, bool> match)
    {
        var audit = new Audit.AuditClient(console.Channel);
        var days = new[] { since, DateTimeOffset.UtcNow }.Select(t => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Distinct();
        var entries = new List<AuditEntry>();
        foreach (var day in days)
            entries.AddRange((await audit.DayAsync(new AuditDayRequest { Site = ConsoleFixture.Site, Day = day, MaxEntries = 5000 }, console.Admin, cancellationToken: TestContext.Current.CancellationToken)).Entries);
        return entries.Last(match);
    }
}
