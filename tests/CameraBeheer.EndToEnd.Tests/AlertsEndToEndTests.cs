namespace CameraBeheer.EndToEnd.Tests;

/// <summary>From a motion event over MQTT to the control room's screen, and what operators (and only they) may do with it.</summary>
public sealed class AlertsEndToEndTests
{
    private const string Site = "domus-almere-poort";
    private const string TestRule = "test-terrein-altijd";

    [Fact]
    public async Task A_motion_event_becomes_an_alert_on_a_watch_stream_and_only_an_operator_may_acknowledge_it()
    {
        var (host, _) = await StartWithAlwaysOnGroundsRuleAsync();
        await using (host)
        {
            using var operatorClient = host.Client("operator", "Operator Jansen");
            using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var watch = operatorClient.Alerts.Watch(new WatchAlertsRequest { MinPriority = "high" }, cancellationToken: watching.Token);
            var stream = watch.ResponseStream;
            await watch.ResponseHeadersAsync; // the watch is in place: what happens from now on comes as a change

            await using (var edge = await EdgePublisher.ConnectAsync(host))
                await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-02"), EdgePublisher.Motion("alert-1", DateTimeOffset.UtcNow.AddSeconds(-1), "start", null, 0.8));

            var opened = await NextAsync(stream, watching.Token);
            Assert.Equal("opened", opened.Change);
            Assert.Equal("terrein", opened.Alert.Place);
            Assert.Equal("high", opened.Alert.Priority);
            Assert.Equal("Test: beweging op het terrein", opened.Alert.Text);

            using var staff = host.Client("staff");
            var denied = await Assert.ThrowsAsync<RpcException>(() => staff.Alerts.AcknowledgeAsync(new AcknowledgeAlertRequest { Id = opened.Alert.Id }).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

            var acknowledged = await operatorClient.Alerts.AcknowledgeAsync(new AcknowledgeAlertRequest { Id = opened.Alert.Id });
            Assert.Equal("acknowledged", acknowledged.Status);
            var seen = await NextAsync(stream, watching.Token);
            Assert.Equal("acknowledged", seen.Change);
            Assert.Equal("Operator Jansen", seen.Alert.AcknowledgedBy);

            var (code, output, error) = await new CliRunner(host).RunAsync("operator", "alerts", "resolve", opened.Alert.Id, "--outcome", "staff", "--note", "bewoner aangesproken");
            Assert.True(code == 0, error);
            Assert.Contains("resolved", output);
            Assert.Equal("resolved", (await NextAsync(stream, watching.Token)).Change);
        }
    }

    [Fact]
    public async Task Acting_on_a_resolved_or_unknown_alert_is_refused_with_a_clear_status()
    {
        var (host, _) = await StartWithAlwaysOnGroundsRuleAsync();
        await using (host)
        {
            await using (var edge = await EdgePublisher.ConnectAsync(host))
                await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-21"), EdgePublisher.Motion("alert-2", DateTimeOffset.UtcNow.AddSeconds(-1), "start", null, 0.8));
            using var client = host.Client("manager");
            var alert = (await Eventually.GetAsync(() => client.Alerts.ListAsync(new ListAlertsRequest()).ResponseAsync, l => l.Alerts.Count > 0, "the alert")).Alerts[0];
            await client.Alerts.ResolveAsync(new ResolveAlertRequest { Id = alert.Id, Outcome = "none" });

            var again = await Assert.ThrowsAsync<RpcException>(() => client.Alerts.AcknowledgeAsync(new AcknowledgeAlertRequest { Id = alert.Id }).ResponseAsync);
            Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
            var unknown = await Assert.ThrowsAsync<RpcException>(() => client.Alerts.AcknowledgeAsync(new AcknowledgeAlertRequest { Id = "a-999" }).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
            var badOutcome = await Assert.ThrowsAsync<RpcException>(() => client.Alerts.ResolveAsync(new ResolveAlertRequest { Id = alert.Id, Outcome = "army" }).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, badOutcome.StatusCode);
            var badPriority = await Assert.ThrowsAsync<RpcException>(() => client.Alerts.ListAsync(new ListAlertsRequest { MinPriority = "urgent" }).ResponseAsync);
            Assert.Contains("min_priority", badPriority.Status.Detail);
        }
    }

    [Fact]
    public async Task A_rule_naming_an_unknown_zone_stops_the_start_with_the_path()
    {
        var folder = TestPaths.NewFolder("badrule");
        var file = await EditedSiteFile.WriteAsync(folder, "rules.json", "\"zones\": [\"terrein\"]", "\"zones\": [\"parkeerplaats\"]");
        var output = await RefusedStart.OutputAsync(folder, ["--site-config", file]);
        Assert.Contains("$.rules[", output);
        Assert.Contains("parkeerplaats", output);
    }

    /// <summary>The real site plus a rule that holds at any hour, so the test does not depend on when it runs.</summary>
    private static async Task<(HostProcess Host, string SiteFile)> StartWithAlwaysOnGroundsRuleAsync()
    {
        var data = TestPaths.NewFolder("alerts");
        var rule = $$"""{ "id": "{{TestRule}}", "zones": ["terrein"], "trigger": "motion", "priority": "high", "text": "Test: beweging op het terrein" }""";
        var file = await EditedSiteFile.WithRuleAsync(data, "site-with-test-rule.json", rule);
        return (await HostProcess.StartAsync(data, extraArgs: ["--site-config", file]), file);
    }

    /// <summary>
    /// The next change of the test rule's alert. The site's own rules fire on the same motion when their window holds
    /// (terrein-schooltijd on a school day between 08:00 and 16:30), and their alerts come on the same stream in an
    /// order of their own: only the test rule's changes are this test's.
    /// </summary>
    private static async Task<AlertEvent> NextAsync(IAsyncStreamReader<AlertEvent> stream, CancellationToken cancellationToken)
    {
        do Assert.True(await stream.MoveNext(cancellationToken), "the watch stream ended");
        while (stream.Current.Change == "keepalive" || stream.Current.Alert?.Rule != TestRule);
        return stream.Current;
    }
}
