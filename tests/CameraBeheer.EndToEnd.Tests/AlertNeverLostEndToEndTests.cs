namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// The real host, killed at the worst moment: the causing event is stored (and acknowledged, or about to be) and its
/// alert not yet in the control room. After the restart the alert is there, once, and the edge sending the event again
/// changes nothing. The kill comes from a test hook in the host (<c>CAMERABEHEER_TEST_CRASH_BEFORE_ALERT</c>, a rule id)
/// that SIGKILLs the process as a grain is about to hand an alert of that rule to the control room.
/// </summary>
public sealed class AlertNeverLostEndToEndTests
{
    private const string Site = "domus-almere-poort";
    private const string CrashHook = "CAMERABEHEER_TEST_CRASH_BEFORE_ALERT";
    private const string KilledLine = "killing the process before raising rule";

    [Fact]
    public async Task A_motion_alert_lost_to_a_crash_after_its_event_was_stored_is_raised_after_the_restart_once()
    {
        var data = TestPaths.NewFolder("alert-crash-motion");
        var siteFile = await SiteWithAlwaysOnGroundsRuleAsync(data);
        var mqttPort = FreePorts.Next();
        var topic = EdgeTopics.Motion(Site, "cam-02");
        var start = EdgePublisher.Motion("lost-start-1", DateTimeOffset.UtcNow.AddSeconds(-2), "start", null, 0.8);

        // The camera stores the start and answers (the broker acknowledges it then); the zone's alert follows, and dies.
        await CrashAtTheAlertAsync(data, mqttPort, "test-terrein-altijd", siteFile, topic, start);

        await using var host = await HostProcess.StartAsync(data, mqttPort, extraArgs: ["--site-config", siteFile]);
        using var client = host.Client("operator");
        var alert = await SingleAlertAsync(client, "test-terrein-altijd", a => a.Count >= 1, "the grounds alert after the restart");
        Assert.Equal(("terrein", "cam-02"), (alert.Place, alert.Source));

        await using (var edge = await EdgePublisher.ConnectAsync(host, "edge-again"))
        {
            await edge.PublishAsync(topic, start); // the edge sends again what it may not have seen acknowledged
            // A marker that must count: the motion ends and starts again within the coalescing window.
            await edge.PublishAsync(topic, EdgePublisher.Motion("lost-end-1", DateTimeOffset.UtcNow.AddSeconds(-1), "end", null, 0.1));
            await edge.PublishAsync(topic, EdgePublisher.Motion("lost-start-2", DateTimeOffset.UtcNow, "start", null, 0.8));
        }
        alert = await SingleAlertAsync(client, "test-terrein-altijd", a => a.Count >= 2, "the marker's occurrence");
        Assert.Equal(2, alert.Count);
    }

    [Fact]
    public async Task A_forced_gate_whose_alert_was_lost_to_a_crash_is_raised_after_the_restart_and_a_redelivery_does_not_count_twice()
    {
        var data = TestPaths.NewFolder("alert-crash-gate");
        var mqttPort = FreePorts.Next();
        var topic = EdgeTopics.Gate(Site, "hoofdingang");
        var forced = Gate("lost-forced-1", DateTimeOffset.UtcNow.AddSeconds(-2));

        await CrashAtTheAlertAsync(data, mqttPort, "poort-geforceerd", siteFile: null, topic, forced);

        await using var host = await HostProcess.StartAsync(data, mqttPort);
        using var client = host.Client("operator");
        var alert = await SingleAlertAsync(client, "poort-geforceerd", a => a.Count >= 1, "the forced-gate alert after the restart");
        Assert.Equal(("hoofdingang", "critical"), (alert.Place, alert.Priority));

        await using (var edge = await EdgePublisher.ConnectAsync(host, "edge-gate-again"))
        {
            await edge.PublishAsync(topic, forced); // the same event again: already in the log, its alert already taken
            await edge.PublishAsync(topic, Gate("lost-forced-2", DateTimeOffset.UtcNow)); // a marker that must count
        }
        alert = await SingleAlertAsync(client, "poort-geforceerd", a => a.Count >= 2, "the marker's occurrence");
        Assert.Equal(2, alert.Count);
    }

    /// <summary>Starts a host with the crash hook on <paramref name="rule"/>, publishes the causing event, and waits for the hook to kill it.</summary>
    private static async Task CrashAtTheAlertAsync(string data, int mqttPort, string rule, string? siteFile, string topic, string payload)
    {
        var environment = new Dictionary<string, string> { [CrashHook] = rule };
        string[] args = siteFile is null ? [] : ["--site-config", siteFile];
        await using var host = await HostProcess.StartAsync(data, mqttPort, environment, args);
        var credentials = await host.EdgeAgentAsync();
        try
        {
            await using var edge = await EdgePublisher.ConnectAsync(mqttPort, "edge-crash", credentials);
            await edge.PublishAsync(topic, payload);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The host died before the acknowledgement reached the edge: the edge keeps the event and sends it again.
        }
        await host.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.Contains(KilledLine, host.Output);
    }

    private static async Task<AlertInfo> SingleAlertAsync(CameraBeheerClient client, string rule, Func<AlertInfo, bool> done, string what)
    {
        var list = await Eventually.GetAsync(
            () => client.Alerts.ListAsync(new ListAlertsRequest()).ResponseAsync,
            l => l.Alerts.Any(a => a.Rule == rule && done(a)), what, TimeSpan.FromSeconds(90));
        return Assert.Single(list.Alerts, a => a.Rule == rule);
    }

    private static string Gate(string id, DateTimeOffset ts) =>
        $$"""{"id":"{{id}}","ts":"{{EdgePublisher.Rfc3339(ts)}}","kind":"forced"}""";

    /// <summary>The real site with a motion rule on the grounds that holds at any time, so the test does not depend on the hour.</summary>
    private static Task<string> SiteWithAlwaysOnGroundsRuleAsync(string folder) =>
        EditedSiteFile.WithRuleAsync(folder, "site-with-test-rule.json", EditedSiteFile.AlwaysOnGroundsRule);
}
