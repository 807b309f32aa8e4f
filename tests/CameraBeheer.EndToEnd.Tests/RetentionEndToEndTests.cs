using System.Globalization;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The four-week rule and legal holds, through the real backend, its CLI and its store.</summary>
public sealed class RetentionEndToEndTests
{
    private const string Site = "domus-almere-poort";

    /// <summary>Sweeps only when asked, so a test can place a hold first.</summary>
    private static readonly Dictionary<string, string> NoTimedSweep = new() { ["CAMERABEHEER_Retention__FirstSweepAfter"] = "01:00:00" };

    [Fact]
    public async Task Expired_footage_goes_after_a_restart_without_any_call_also_of_a_removed_camera_with_a_receipt()
    {
        await UtcDay.AvoidMidnightAsync();
        var data = TestPaths.NewFolder("retention-restart");
        var now = DateTimeOffset.UtcNow;
        var old = Plant(data, "cam-05", now.AddDays(-29));
        var removedCamera = Plant(data, "cam-99", now.AddDays(-30));
        var fresh = Plant(data, "cam-05", now.AddDays(-27));

        await using var host = await HostProcess.StartAsync(data);
        await Eventually.GetAsync(() => Task.FromResult(File.Exists(old) || File.Exists(removedCamera)), gone => !gone, "the expired footage to be swept", TimeSpan.FromSeconds(60));

        Assert.True(File.Exists(fresh));
        var receipts = await File.ReadAllTextAsync(ReceiptFile(data, now));
        Assert.Contains(Relative(data, old), receipts);
        Assert.Contains(Relative(data, removedCamera), receipts);
        Assert.Contains("\"rule\":\"retention-28-days\"", receipts);
    }

    [Fact]
    public async Task A_hold_placed_with_the_cli_keeps_exactly_its_footage_until_it_is_released()
    {
        await UtcDay.AvoidMidnightAsync();
        var data = TestPaths.NewFolder("retention-hold");
        var hour = Hour(DateTimeOffset.UtcNow.AddDays(-30));
        var held = Plant(data, "cam-02", hour.AddMinutes(10));
        var notHeld = Plant(data, "cam-02", hour.AddMinutes(40));
        var otherCamera = Plant(data, "cam-03", hour.AddMinutes(10));
        await using var host = await HostProcess.StartAsync(data, environment: NoTimedSweep);
        var cli = new CliRunner(host);

        var (placed, placedOut, placedErr) = await cli.RunAsync("manager", "holds", "place", "--cameras", "cam-02",
            "--from", Rfc(hour.AddMinutes(5)), "--to", Rfc(hour.AddMinutes(20)), "--reason", "Aangifte mishandeling bij de poort",
            "--reference", "PL0900-2026-123456", "--expires", Rfc(DateTimeOffset.UtcNow.AddDays(60)));
        Assert.True(placed == 0, placedErr);
        var holdId = placedOut.Split(' ')[1];

        var (_, swept, _) = await cli.RunAsync("admin", "retention", "sweep");
        Assert.Contains("kept 1 for legal holds", swept);
        Assert.True(File.Exists(held));
        Assert.False(File.Exists(notHeld));
        Assert.False(File.Exists(otherCamera));

        var (_, report, _) = await cli.RunAsync("manager", "retention", "report");
        Assert.Contains(holdId, report);

        var (released, _, releasedErr) = await cli.RunAsync("manager", "holds", "release", holdId, "--reason", "beelden geleverd aan politie");
        Assert.True(released == 0, releasedErr);
        await cli.RunAsync("admin", "retention", "sweep");
        Assert.False(File.Exists(held));

        var audit = await File.ReadAllTextAsync(AuditFile(data));
        Assert.Contains("Retention/PlaceHold", audit);
        Assert.Contains("Retention/ReleaseHold", audit);
        Assert.Contains("Retention/Sweep", audit);
    }

    [Fact]
    public async Task Holds_are_for_managers_and_the_law_limits_a_preservation_order_to_90_days()
    {
        await using var host = await HostProcess.StartAsync(environment: NoTimedSweep);
        var cli = new CliRunner(host);
        string[] place = ["holds", "place", "--cameras", "cam-01", "--from", "-2d", "--to", "-1d", "--reason", "bevel tot bewaren",
            "--reference", "OvJ-2026-77", "--kind", "preservation-order"];

        var (denied, _, deniedErr) = await cli.RunAsync("operator", [.. place, "--expires", Rfc(DateTimeOffset.UtcNow.AddDays(30))]);
        Assert.Equal(1, denied);
        Assert.Contains("permission denied", deniedErr);

        var (tooLong, _, tooLongErr) = await cli.RunAsync("manager", [.. place, "--expires", Rfc(DateTimeOffset.UtcNow.AddDays(100))]);
        Assert.Equal(1, tooLong);
        Assert.Contains("90 days", tooLongErr);

        var (unknown, _, unknownErr) = await cli.RunAsync("manager", "holds", "release", "hold-2026-000000000000", "--reason", "x");
        Assert.Equal(1, unknown);
        Assert.Contains("not found", unknownErr);
    }

    [Fact]
    public async Task The_backend_runs_unchanged_on_azure_blob_storage_in_azurite()
    {
        await using var azurite = new AzuriteProcess();
        await azurite.InitializeAsync();
        var azure = new Dictionary<string, string>
        {
            ["CAMERABEHEER_Storage__Kind"] = "AzureBlob",
            ["CAMERABEHEER_Storage__ConnectionString"] = azurite.ConnectionString,
            ["CAMERABEHEER_Storage__Container"] = "camerabeheer-e2e",
        };
        var data = TestPaths.NewFolder("azure");
        var mqttPort = FreePorts.Next();
        var motionTime = DateTimeOffset.UtcNow.AddSeconds(-5);

        await using (var host = await HostProcess.StartAsync(data, mqttPort, azure))
        {
            await using (var edge = await EdgePublisher.ConnectAsync(host))
                await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-06"), EdgePublisher.Motion("az-1", motionTime, "start", "entrance", 0.5));
            using var client = host.Client("operator");
            await Eventually.GetAsync(() => client.Cameras.GetAsync(new GetCameraRequest { Camera = "cam-06" }).ResponseAsync, c => c.LastMotion is not null, "motion on cam-06");
            Assert.Equal(0, await host.StopAsync());
        }
        // Nothing of it on local disk but the signing key: grain state, event log and audit are in the container.
        Assert.False(Directory.Exists(Path.Combine(data, "events")));
        Assert.False(Directory.Exists(Path.Combine(data, "state")));

        await using var again = await HostProcess.StartAsync(data, mqttPort, azure);
        using var manager = again.Client("manager");
        var camera = await manager.Cameras.GetAsync(new GetCameraRequest { Camera = "cam-06" });
        Assert.Equal("entrance", camera.LastMotionRegion);
        var (code, output, _) = await new CliRunner(again).RunAsync("manager", "audit", "verify");
        Assert.True(code == 0, output);
    }

    private static DateTimeOffset Hour(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);

    /// <summary>A 10-second segment as the edge would have uploaded it, straight into the data folder.</summary>
    private static string Plant(string data, string camera, DateTimeOffset start)
    {
        var utc = start.UtcDateTime;
        var path = Path.Combine(data, "footage", Site, camera, $"{utc:yyyy}", $"{utc:MM}", $"{utc:dd}", $"{utc:HH}", $"{utc:yyyyMMdd'T'HHmmss'Z'}.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[1024]);
        return path;
    }

    private static string Relative(string data, string path) => Path.GetRelativePath(data, path).Replace('\\', '/');

    private static string ReceiptFile(string data, DateTimeOffset day) =>
        Path.Combine(data, "retention", Site, $"{day.UtcDateTime:yyyy}", $"{day.UtcDateTime:MM}", $"{day.UtcDateTime:dd}.jsonl");

    private static string AuditFile(string data)
    {
        var now = DateTime.UtcNow;
        return Path.Combine(data, "audit", Site, $"{now:yyyy}", $"{now:MM}", $"{now:dd}.jsonl");
    }

    private static string Rfc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
