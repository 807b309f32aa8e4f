using static CameraBeheer.EndToEnd.Tests.Infrastructure.FootageRequestSteps;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// Exports that go wrong: the host killed while ffmpeg runs, ffmpeg failing, and an export whose download period ends.
/// A stand-in ffmpeg (a shell script in the folder <c>Exports:FfmpegBinaryFolder</c> names) makes the failure certain.
/// </summary>
public sealed class FootageExportRecoveryTests
{
    [Fact]
    public async Task A_host_killed_during_an_export_finishes_it_after_the_restart()
    {
        var data = TestPaths.NewFolder("export-restart");
        var first = PastHourBoundary().AddMinutes(5);
        await Footage.PlaceAsync(data, SiteId, "cam-24", Footage.Segments(first, 3));
        var fake = await FakeFfmpegAsync("touch \"$(dirname \"$0\")/started\"; exec sleep 600");
        string id;
        await using (var hanging = await HostProcess.StartAsync(data, environment: Ffmpeg(fake)))
        {
            var steps = new FootageRequestSteps(hanging);
            id = await steps.RequestAsync("cam-24", first, first.AddSeconds(30));
            await steps.ApproveAsync(id);
            await Eventually.GetAsync(() => Task.FromResult(File.Exists(Path.Combine(fake, "started"))), started => started, "the export's ffmpeg to start");
            Assert.Equal("exporting", (await steps.WaitForStateAsync(id, "exporting")).State);
            await hanging.KillAsync();
        }

        await using var restarted = await HostProcess.StartAsync(data);
        var ready = await new FootageRequestSteps(restarted).WaitForStateAsync(id, "ready");

        Assert.Contains(ready.Files, f => f.Name == "cam-24.mp4");
        var folder = await new FootageRequestSteps(restarted).DownloadAsync(id);
        Assert.Equal(0, (await new FootageRequestSteps(restarted).CliAsync("police", Officer, "footage", "verify", folder)).ExitCode);
    }

    [Fact]
    public async Task A_failed_export_is_shown_with_its_reason_and_a_retry_works()
    {
        var data = TestPaths.NewFolder("export-retry");
        var first = PastHourBoundary().AddMinutes(15);
        await Footage.PlaceAsync(data, SiteId, "cam-25", Footage.Segments(first, 2));
        var fake = await FakeFfmpegAsync("echo 'fake ffmpeg: cannot read the input' >&2; exit 1");
        string id;
        await using (var failing = await HostProcess.StartAsync(data, environment: Ffmpeg(fake)))
        {
            var steps = new FootageRequestSteps(failing);
            id = await steps.RequestAsync("cam-25", first, first.AddSeconds(20));
            await steps.ApproveAsync(id);
            var failed = await steps.WaitForStateAsync(id, "failed");
            Assert.Contains("cam-25", failed.FailureReason);
            var (code, output, _) = await steps.CliAsync("police", Officer, "footage", "status", id);
            Assert.Equal(0, code);
            Assert.Contains("failure:", output);
            await failing.StopAsync();
        }

        await using var fixedHost = await HostProcess.StartAsync(data);
        var retrySteps = new FootageRequestSteps(fixedHost);
        var (retryCode, _, retryError) = await retrySteps.CliAsync("manager", Manager, "footage", "retry", id);
        Assert.True(retryCode == 0, retryError);
        var ready = await retrySteps.WaitForStateAsync(id, "ready");
        var (retried, done) = (ready.History[^2], ready.History[^1]);
        Assert.Equal(("exporting", Manager, "export retried"), (retried.State, retried.By, retried.Reason));
        Assert.Equal("ready", done.State);
    }

    [Fact]
    public async Task An_export_past_its_download_period_is_deleted_by_the_sweep_with_a_receipt()
    {
        var data = TestPaths.NewFolder("export-expiry");
        var first = PastHourBoundary().AddMinutes(25);
        await Footage.PlaceAsync(data, SiteId, "cam-26", Footage.Segments(first, 2));
        await using var host = await HostProcess.StartAsync(data, environment: new Dictionary<string, string> { ["CAMERABEHEER_FootageRequests__ExportKeptFor"] = "00:00:02" });
        var steps = new FootageRequestSteps(host);
        var id = await steps.ReadyAsync("cam-26", first, first.AddSeconds(20));
        Assert.True(Directory.Exists(Path.Combine(data, "exports", id)));

        using var admin = host.Client("admin");
        using var manager = host.Client("manager", Manager);
        var request = await Eventually.GetAsync(async () =>
        {
            await admin.Retention.SweepAsync(new SweepRequest());
            return await manager.FootageRequests.GetAsync(new FootageRequestRef { Id = id });
        }, r => r.ExportDeletedAt is not null, "the sweep to delete the expired export");

        Assert.NotNull(request.ExportDeletedAt);
        Assert.Empty(Directory.Exists(Path.Combine(data, "exports", id)) ? Directory.GetFiles(Path.Combine(data, "exports", id)) : []);
        var receipts = string.Concat(Directory.GetFiles(Path.Combine(data, "retention", SiteId), "*.jsonl", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains($"exports/{id}/cam-26.mp4", receipts);
        Assert.Contains("export-download-period-ended", receipts);
        var (code, _, error) = await steps.CliAsync("police", Officer, "footage", "download", id, "--out", TestPaths.NewFolder("too-late"));
        Assert.Equal(1, code);
        Assert.Contains("was deleted", error);
    }

    [Fact]
    public async Task The_export_signing_key_is_made_at_the_first_start_and_a_damaged_one_stops_the_start()
    {
        var data = TestPaths.NewFolder("signing-key");
        await using (var first = await HostProcess.StartAsync(data))
        {
            var key = Path.Combine(data, "keys", "export-signing-key.pem");
            Assert.True(File.Exists(key));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
            await first.StopAsync();
        }
        await File.WriteAllTextAsync(Path.Combine(data, "keys", "export-signing-key.pem"), "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");

        var output = await RefusedStart.OutputAsync(data, []);
        Assert.Contains("error: the export signing key", output);
        Assert.Contains("export-signing-key.pem", output);
    }

    private static Dictionary<string, string> Ffmpeg(string folder) => new() { ["CAMERABEHEER_Exports__FfmpegBinaryFolder"] = folder };

    /// <summary>A folder with a stand-in <c>ffmpeg</c> running <paramref name="body"/>, and the real <c>ffprobe</c>.</summary>
    private static async Task<string> FakeFfmpegAsync(string body)
    {
        var folder = TestPaths.NewFolder("fake-ffmpeg");
        var realProbe = (await Tool.RunAsync("sh", null, "-c", "command -v ffprobe")).Out.Trim();
        await WriteScriptAsync(Path.Combine(folder, "ffmpeg"), body);
        await WriteScriptAsync(Path.Combine(folder, "ffprobe"), $"exec {realProbe} \"$@\"");
        return folder;
    }

    private static async Task WriteScriptAsync(string path, string body)
    {
        await File.WriteAllTextAsync(path, $"#!/bin/sh\n{body}\n");
        await Tool.RunAsync("chmod", null, "+x", path);
    }
}
