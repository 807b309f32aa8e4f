namespace CameraBeheer.EndToEnd.Tests;

/// <summary>Watchers never go quiet: keepalives on an idle stream, and a CLI watch that outlives a host crash and says what it missed.</summary>
public sealed class WatchResumeTests
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task Keepalives_arrive_on_an_idle_alert_stream()
    {
        await using var host = await HostProcess.StartAsync(environment: new Dictionary<string, string> { ["CAMERABEHEER_Watch__KeepaliveEvery"] = "00:00:01" });
        using var client = host.Client("operator");
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        watching.CancelAfter(TimeSpan.FromSeconds(60));
        using var call = client.Alerts.Watch(new WatchAlertsRequest { Site = Site, Zone = "nergens-zone" }, cancellationToken: watching.Token);

        var keepalives = 0;
        while (keepalives < 3 && await call.ResponseStream.MoveNext(watching.Token))
        {
            Assert.Equal("keepalive", call.ResponseStream.Current.Change);
            keepalives++;
        }
        Assert.Equal(3, keepalives);
    }

    [Fact]
    public async Task The_cli_watch_reconnects_after_the_host_is_killed_and_restarted_and_shows_what_it_missed()
    {
        var data = TestPaths.NewFolder("watchresume");
        var siteFile = await AlwaysOnGroundsRuleAsync(data);
        var (grpcPort, mqttPort) = (FreePorts.Next(), FreePorts.Next());
        var first = await StartAsync(data, grpcPort, mqttPort, siteFile);
        var alertA = await RaiseAsync(first, "motion-a");

        var output = new LockedWriter();
        var errors = new LockedWriter();
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var watch = Task.Run(() => CliApp.RunAsync(["--server", first.GrpcUrl.ToString(), "--token", first.Token("operator"), "alerts", "watch", "--utc"],
            output, errors, CliSettings.FromProcess(), stopWatching.Token), TestContext.Current.CancellationToken);
        await output.WaitForAsync(l => l.StartsWith("existing", StringComparison.Ordinal) && l.Contains(alertA.Id, StringComparison.Ordinal), "alert A on the watch");

        await first.KillAsync();
        await first.DisposeAsync();

        // While the watch cannot reach it, the backend (on another port) changes: A is resolved, B opens.
        AlertInfo alertB;
        await using (var meanwhile = await StartAsync(data, FreePorts.Next(), mqttPort, siteFile))
        {
            using var client = meanwhile.Client("operator", "Operator Jansen");
            await client.Alerts.ResolveAsync(new ResolveAlertRequest { Site = Site, Id = alertA.Id, Outcome = "staff", Note = "niemand meer" });
            alertB = await RaiseAsync(meanwhile, "motion-b");
            Assert.Equal(0, await meanwhile.StopAsync());
        }

        await using var again = await StartAsync(data, grpcPort, mqttPort, siteFile);
        await output.WaitForAsync(l => l.StartsWith("missed", StringComparison.Ordinal) && l.Contains(alertA.Id, StringComparison.Ordinal) && l.Contains("resolved", StringComparison.Ordinal),
            "A shown as resolved meanwhile");
        await output.WaitForAsync(l => l.StartsWith("missed", StringComparison.Ordinal) && l.Contains(alertB.Id, StringComparison.Ordinal), "B shown as opened meanwhile");

        // Live again: a change now is an ordinary line.
        using (var client = again.Client("operator", "Operator Jansen"))
            await client.Alerts.AcknowledgeAsync(new AcknowledgeAlertRequest { Site = Site, Id = alertB.Id });
        await output.WaitForAsync(l => l.StartsWith("acknowledged", StringComparison.Ordinal) && l.Contains(alertB.Id, StringComparison.Ordinal), "B acknowledged live");

        await stopWatching.CancelAsync();
        Assert.Equal(0, await watch);
        Assert.Contains("watch: connected again", errors.Text);
        Assert.DoesNotContain("keepalive", output.Text);
    }

    private static async Task<HostProcess> StartAsync(string data, int grpcPort, int mqttPort, string siteFile)
    {
        var host = HostProcess.Launch(data, grpcPort, mqttPort, ["--site-config", siteFile]);
        await host.WaitReadyAsync();
        return host;
    }

    private static async Task<AlertInfo> RaiseAsync(HostProcess host, string motionId)
    {
        using var client = host.Client("operator");
        var before = (await client.Alerts.ListAsync(new ListAlertsRequest { Site = Site })).Alerts.Select(a => a.Id).ToHashSet();
        await using var edge = await EdgePublisher.ConnectAsync(host);
        await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-02"), EdgePublisher.Motion(motionId, DateTimeOffset.UtcNow.AddSeconds(-1), "start", null, 0.8));
        var open = await Eventually.GetAsync(() => client.Alerts.ListAsync(new ListAlertsRequest { Site = Site }).ResponseAsync,
            r => r.Alerts.Any(a => !before.Contains(a.Id)), $"an alert from {motionId}", TimeSpan.FromSeconds(60));
        // The motion ends (acknowledged once stored), so the next start is a new movement: a start while the camera still
        // sees motion is the same movement going on, and raises nothing new.
        await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-02"), EdgePublisher.Motion($"{motionId}-end", DateTimeOffset.UtcNow, "end", null, 0.0));
        return open.Alerts.First(a => !before.Contains(a.Id));
    }

    /// <summary>The real site plus a rule that holds at any hour, so the test does not depend on when it runs.</summary>
    private static Task<string> AlwaysOnGroundsRuleAsync(string folder) =>
        EditedSiteFile.WithRuleAsync(folder, "site-with-test-rule.json", EditedSiteFile.AlwaysOnGroundsRule);

    /// <summary>What the CLI prints, read while it is still running.</summary>
    private sealed class LockedWriter : TextWriter
    {
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get { lock (_text) return _text.ToString(); }
        }

        public override void Write(char value)
        {
            lock (_text) _text.Append(value);
        }

        public override void Write(string? value)
        {
            lock (_text) _text.Append(value);
        }

        public async Task WaitForAsync(Func<string, bool> line, string what) =>
            await Eventually.GetAsync(() => Task.FromResult(Text), t => t.Split('\n').Any(l => line(l.TrimEnd('\r'))), what, TimeSpan.FromSeconds(120));
    }
}
