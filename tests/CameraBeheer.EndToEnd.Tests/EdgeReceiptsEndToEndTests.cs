namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The edge's retention receipts reach the real backend through its embedded broker and are kept once.</summary>
public sealed class EdgeReceiptsEndToEndTests
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task An_edge_receipt_is_kept_once_as_a_retention_receipt_and_a_malformed_one_is_refused_with_the_host_up()
    {
        var data = TestPaths.NewFolder("edge-receipts");
        await using var host = await HostProcess.StartAsync(data);
        await using var edge = await EdgePublisher.ConnectAsync(host);
        var topic = EdgeTopics.AgentReceipt(Site, TestEdgeAgents.Name);
        var receipt = Receipt("r-20261130T100000000Z");

        await edge.PublishAsync(topic, receipt);
        await edge.PublishAsync(topic, receipt); // redelivered: kept once

        var stored = Path.Combine(data, "retention", Site, "edge", TestEdgeAgents.Name, "r-20261130T100000000Z.json");
        Assert.True(File.Exists(stored), $"{stored} is missing");
        var kept = JsonDocument.Parse(await File.ReadAllTextAsync(stored)).RootElement;
        Assert.Equal(TestEdgeAgents.Name, kept.GetProperty("agent").GetString());
        Assert.Equal("2026-11-02T10:00:00.000Z", kept.GetProperty("cutoff").GetString());
        Assert.Equal([("quarantine", 1L), ("spool", 2L), ("journal", 3L)],
            kept.GetProperty("deleted").EnumerateArray().Select(d => (d.GetProperty("kind").GetString(), d.GetProperty("count").GetInt64())));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(stored)!));

        // Malformed: refused with its reason, nothing stored, and the host keeps taking receipts.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => edge.PublishAsync(topic, """{"id":"r-bad","agent":"test-edge","ts":"2026-11-30T10:00:00Z"}"""));
        Assert.Contains("PayloadFormatInvalid", refused.Message);
        var wrongAgent = await Assert.ThrowsAsync<InvalidOperationException>(() => edge.PublishAsync(topic, Receipt("r-other", agent: "someone-else")));
        Assert.Contains("is not the agent of the topic", wrongAgent.Message);
        await edge.PublishAsync(topic, Receipt("r-20261130T110000000Z"));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(stored)!, "r-20261130T110000000Z.json")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(stored)!, "r-bad.json")));
        Assert.Contains("Refused an edge receipt", host.Output);

        // Listed by the CLI, for the manager who answers for privacy; not for an operator.
        var cli = new CliRunner(host);
        var (exit, listed, error) = await cli.RunAsync("manager", "retention", "edge-receipts");
        Assert.True(exit == 0, error);
        var line = Assert.Single(listed.Split('\n'), l => l.Contains("r-20261130T100000000Z", StringComparison.Ordinal));
        Assert.Equal([TestEdgeAgents.Name, "r-20261130T100000000Z", "1", "2", "3"], line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i is 0 or 1 || i >= line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length - 3));
        Assert.Contains("r-20261130T110000000Z", listed);
        var (denied, _, deniedError) = await cli.RunAsync("operator", "retention", "edge-receipts");
        Assert.NotEqual(0, denied);
        Assert.Contains("permission denied", deniedError);
    }

    [Fact]
    public async Task Behind_mosquitto_an_edge_receipt_is_kept_once_and_a_malformed_one_does_not_stop_the_next()
    {
        Assert.True(MosquittoProcess.IsInstalled, $"{MosquittoProcess.Binary} is not installed: ./test.sh installs it");
        await using var mosquitto = await MosquittoProcess.StartAsync();
        var data = TestPaths.NewFolder("edge-receipts-mosquitto");
        await using var host = await HostProcess.StartAsync(data, extraArgs: ["--broker", mosquitto.Endpoint]);
        await Eventually.GetAsync(() => Task.FromResult(host.Output), o => o.Contains(EdgeReceiptFilter, StringComparison.Ordinal), "the receipt subscription", TimeSpan.FromSeconds(60));
        var topic = EdgeTopics.AgentReceipt(Site, "edge-mq");

        await using (var edge = await EdgePublisher.ConnectAsync(mosquitto.Port))
        {
            await edge.PublishAsync(topic, "{not json");
            await edge.PublishAsync(topic, Receipt("r-20261130T120000000Z", agent: "edge-mq"));
            await edge.PublishAsync(topic, Receipt("r-20261130T120000000Z", agent: "edge-mq"));
            await edge.PublishAsync(topic, Receipt("r-20261130T130000000Z", agent: "edge-mq"));
        }

        var folder = Path.Combine(data, "retention", Site, "edge", "edge-mq");
        // The last one stored proves the earlier ones were handled: the subscription delivers in order.
        await Eventually.GetAsync(() => Task.FromResult(File.Exists(Path.Combine(folder, "r-20261130T130000000Z.json"))), stored => stored, "the last receipt stored", TimeSpan.FromSeconds(60));
        Assert.Equal(["r-20261130T120000000Z.json", "r-20261130T130000000Z.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("Refused an edge receipt", host.Output);
    }

    private const string EdgeReceiptFilter = "camerabeheer/edge/+/+/receipt";

    private static string Receipt(string id, string agent = TestEdgeAgents.Name) =>
        $$"""{"id":"{{id}}","agent":"{{agent}}","ts":"2026-11-30T10:00:00.000Z","cutoff":"2026-11-02T10:00:00.000Z","deleted":[{"kind":"quarantine","count":1,"bytes":10},{"kind":"spool","count":2,"bytes":20,"oldest":"2026-11-01T09:00:00.000Z","newest":"2026-11-01T10:00:00.000Z"},{"kind":"journal","count":3,"bytes":30}]}""";
}
