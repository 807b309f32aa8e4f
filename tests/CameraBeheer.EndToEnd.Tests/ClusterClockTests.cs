using System.Text.RegularExpressions;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// The site clock across the three-node recipe (real hosts, Azurite tables and blobs, Mosquitto): work that must happen
/// once per cluster happens once, and goes on after the silo doing it is SIGKILLed. Reminders are allowed down to
/// 2 seconds here so the test sees several intervals; the recipe's own figures are a minute and five.
/// </summary>
public sealed partial class ClusterClockTests
{
    private const string Site = "domus-almere-poort";
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(4);

    private static Dictionary<string, string> QuickClock(string sweepEvery) => new()
    {
        ["CAMERABEHEER_Cluster__MinimumReminderPeriod"] = "00:00:02",
        ["CAMERABEHEER_Cluster__WakeUpInterval"] = "00:00:05",
        ["CAMERABEHEER_Retention__SweepInterval"] = sweepEvery,
        ["CAMERABEHEER_Retention__FirstSweepAfter"] = "00:00:02",
    };

    [Fact]
    public async Task A_retention_sweep_runs_once_per_interval_across_three_silos()
    {
        await using var cluster = await ThreeNodeCluster.StartAsync(QuickClock("00:00:05"));

        // Three distinct ticks swept (a positive signal of at least two whole intervals after the first), then count.
        var sweeps = await Eventually.GetAsync(() => Task.FromResult(SweepsStarted(cluster)), s => s.Select(x => x.Tick).Distinct().Count() >= 3,
            "three retention ticks swept across the cluster", Generous);

        foreach (var tick in sweeps.GroupBy(s => s.Tick))
            Assert.True(tick.Count() == 1, $"tick {tick.Key} was swept by {string.Join(", ", tick.Select(s => s.Silo))}");
        Assert.All(sweeps, s => Assert.Matches("^node[123]$", s.Silo));

        using var client = cluster.Client(1, "admin");
        var status = await client.Site.StatusAsync(new SiteStatusRequest());
        Assert.Equal((3, 3, "node1"), (status.Silos, status.SilosActive, status.Silo));
    }

    [Fact]
    public async Task An_unacknowledged_critical_alert_escalates_although_the_silo_that_raised_it_was_killed()
    {
        var siteFile = await SiteWithCriticalRuleAsync();
        await using var cluster = await ThreeNodeCluster.StartAsync(QuickClock("01:00:00") , siteFile);

        await using (var edge = await EdgePublisher.ConnectAsync(cluster.MqttPort))
            await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-02"), EdgePublisher.Motion("clock-alert-1", DateTimeOffset.UtcNow.AddSeconds(-1), "start", null, 0.8));
        var (alert, holder) = await Eventually.GetAsync(() => Task.FromResult(Opened(cluster)), o => o.Alert is not null,
            "the critical alert opened on some node", Generous);

        await cluster.KillAsync(holder);

        // Nobody calls the control room: only the clock can bring it back on a survivor, where its timer escalates.
        var escalatedOn = await Eventually.GetAsync(() => Task.FromResult(EscalatedOn(cluster, alert!)), node => node is not null,
            $"alert {alert} escalated on a surviving node (node{holder} was killed)", Generous);
        Assert.NotEqual(holder, escalatedOn);

        using var client = cluster.Client(escalatedOn!.Value, "operator");
        var listed = (await client.Alerts.ListAsync(new ListAlertsRequest())).Alerts.Single(a => a.Id == alert);
        Assert.True(listed.Escalated);
        Assert.Equal("new", listed.Status);
        // Escalated on time: not before the site's minute had passed since it was raised.
        Assert.True(listed.EscalatedAt.ToDateTimeOffset() - listed.RaisedAt.ToDateTimeOffset() >= TimeSpan.FromMinutes(1));
    }

    private static List<(string Tick, string Silo)> SweepsStarted(ThreeNodeCluster cluster) =>
        [.. new[] { 1, 2, 3 }.SelectMany(n => SweepStarted().Matches(cluster.Log(n)).Select(m => (m.Groups["tick"].Value, m.Groups["silo"].Value)))];

    // The alert and the node whose control room opened it (the last to be active on it, in case it moved since).
    private static (string? Alert, int Node) Opened(ThreeNodeCluster cluster)
    {
        foreach (var node in new[] { 1, 2, 3 })
            if (AlertOpened().Match(cluster.Log(node)) is { Success: true } match) return (match.Groups["alert"].Value, node);
        return (null, 0);
    }

    private static int? EscalatedOn(ThreeNodeCluster cluster, string alert)
    {
        foreach (var node in new[] { 1, 2, 3 })
            if (cluster.Log(node).Contains($"Alert {alert} escalated", StringComparison.Ordinal)) return node;
        return null;
    }

    /// <summary>The real site with a critical rule on the grounds at any hour, escalating after the shortest time a site may set (1 minute).</summary>
    private static async Task<string> SiteWithCriticalRuleAsync()
    {
        var file = Path.Combine(TestPaths.NewFolder("cluster-site"), "site-with-critical-rule.json");
        var json = await File.ReadAllTextAsync(TestPaths.SiteConfig);
        var rule = """{ "id": "test-terrein-kritiek", "zones": ["terrein"], "trigger": "motion", "priority": "critical", "text": "Test: kritieke beweging op het terrein" },""";
        json = json.Replace("\"rules\": [", "\"rules\": [\n    " + rule, StringComparison.Ordinal);
        json = Regex.Replace(json, "\"afterMinutes\":\\s*\\d+", "\"afterMinutes\": 1");
        await File.WriteAllTextAsync(file, json);
        return file;
    }

    [GeneratedRegex(@"Retention sweep of site \S+ for tick (?<tick>\S+) started on silo (?<silo>\S+)")]
    private static partial Regex SweepStarted();

    [GeneratedRegex(@"Alert (?<alert>\S+) opened \(critical\): rule test-terrein-kritiek", RegexOptions.IgnoreCase)]
    private static partial Regex AlertOpened();
}
