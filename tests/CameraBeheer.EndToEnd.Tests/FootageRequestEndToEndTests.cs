using static CameraBeheer.EndToEnd.Tests.Infrastructure.FootageRequestSteps;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// A police request from the officer's CLI to a verified evidence package, against the real host, real ffmpeg on lavfi
/// footage in the store's layout, and the real sha256sum and openssl.
/// </summary>
public sealed class FootageRequestEndToEndTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private HostProcess Host => fixture.Host;

    private FootageRequestSteps Steps => new(Host);

    [Fact]
    public async Task A_request_goes_from_submission_to_a_download_that_standard_tools_verify()
    {
        // Ten 10-second segments around an hour boundary; cam-03 misses two of them.
        var boundary = PastHourBoundary();
        var first = boundary.AddSeconds(-40);
        await Footage.PlaceAsync(Host.DataDirectory, SiteId, "cam-02", Footage.Segments(first, 10));
        await Footage.PlaceAsync(Host.DataDirectory, SiteId, "cam-03", Footage.Segments(first, 10).Where((_, i) => i is not (5 or 6)));
        var (from, to) = (first.AddSeconds(15), first.AddSeconds(85));

        var id = await Steps.RequestAsync("cam-02,cam-03", from, to);
        var (ownCode, _, ownError) = await Steps.CliAsync("manager", Officer, "footage", "approve", id, "--reason", "ok");
        Assert.Equal(1, ownCode);
        Assert.Contains("four-eyes rule: Agent Jansen submitted", ownError);
        await Steps.ApproveAsync(id);
        var ready = await Steps.WaitForStateAsync(id, "ready");

        Assert.Equal(["SHA256SUMS", "SHA256SUMS.sig", "cam-02.mp4", "cam-03.mp4", "export-key.pem", "manifest.json"], ready.Files.Select(f => f.Name).Order(StringComparer.Ordinal));
        var gap = Assert.Single(ready.Gaps);
        Assert.Equal(("cam-03", first.AddSeconds(50), first.AddSeconds(70)), (gap.Camera, gap.From.ToDateTimeOffset(), gap.To.ToDateTimeOffset()));

        var folder = await Steps.DownloadAsync(id);
        var (verifyCode, verifyOut, _) = await Steps.CliAsync("police", Officer, "footage", "verify", folder);
        Assert.True(verifyCode == 0, verifyOut);
        Assert.StartsWith("intact: 4 files match SHA256SUMS, signed by key SHA256:", verifyOut);

        var (keyCode, pem, _) = await Steps.CliAsync("police", Officer, "footage", "public-key");
        Assert.Equal(0, keyCode);
        var keyFile = Path.Combine(TestPaths.NewFolder("key"), "export-key.pem");
        await File.WriteAllTextAsync(keyFile, pem);
        var openssl = await Tool.RunAsync("openssl", folder, "dgst", "-sha256", "-verify", keyFile, "-signature", "SHA256SUMS.sig", "SHA256SUMS");
        Assert.True(openssl.ExitCode == 0, openssl.Err);
        Assert.Equal("Verified OK", openssl.Out.Trim());
        var sums = await Tool.RunAsync("sha256sum", folder, "-c", "SHA256SUMS");
        Assert.True(sums.ExitCode == 0, sums.Out + sums.Err);

        // The video plays, is one stream, and covers the window within a keyframe interval (1 s).
        var probe = await Tool.RunAsync("ffprobe", folder, "-v", "error", "-show_entries", "format=duration:stream=codec_name", "-of", "json", "cam-02.mp4");
        using var json = JsonDocument.Parse(probe.Out);
        var duration = double.Parse(json.RootElement.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(duration, 69.0, 71.0);
        Assert.Equal("h264", Assert.Single(json.RootElement.GetProperty("streams").EnumerateArray()).GetProperty("codec_name").GetString());

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json")));
        var text = manifest.RootElement.GetRawText();
        Assert.Contains("PL0900-2026123456", text);
        Assert.Contains(Manager, text);
        Assert.Contains("keyframe", text);

        var downloaded = await Steps.WaitForStateAsync(id, "downloaded");
        Assert.Equal("Agent Jansen", downloaded.History.Last().By);
        var audit = string.Concat(Directory.GetFiles(Path.Combine(Host.DataDirectory, "audit", SiteId), "*.jsonl", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains($"\"FootageRequests/Download\"", audit);
        Assert.Contains($"footage-requests/{id}", audit);
    }

    [Fact]
    public async Task An_interrupted_download_resumes_from_the_bytes_already_there()
    {
        var first = PastHourBoundary().AddMinutes(10);
        await Footage.PlaceAsync(Host.DataDirectory, SiteId, "cam-04", Footage.Segments(first, 4));
        var id = await Steps.ReadyAsync("cam-04", first, first.AddSeconds(40));
        var stored = await File.ReadAllBytesAsync(Path.Combine(Host.DataDirectory, "exports", id, "cam-04.mp4"));
        var folder = TestPaths.NewFolder("resumed");
        await File.WriteAllBytesAsync(Path.Combine(folder, "cam-04.mp4.part"), stored[..1000]);

        var (code, output, error) = await Steps.CliAsync("police", Officer, "footage", "download", id, "--out", folder);

        Assert.True(code == 0, error);
        Assert.Contains("resuming cam-04.mp4 at byte 1000", error);
        Assert.Contains("downloaded 5 files", output);
        Assert.Equal(stored, await File.ReadAllBytesAsync(Path.Combine(folder, "cam-04.mp4")));
        Assert.Equal(0, (await Steps.CliAsync("police", Officer, "footage", "verify", folder)).ExitCode);
    }

    [Fact]
    public async Task A_tampered_package_is_named_by_verify_and_refused_by_the_standard_tools()
    {
        var first = PastHourBoundary().AddMinutes(20);
        await Footage.PlaceAsync(Host.DataDirectory, SiteId, "cam-05", Footage.Segments(first, 3));
        var folder = await Steps.DownloadAsync(await Steps.ReadyAsync("cam-05", first, first.AddSeconds(30)));

        var manifest = Path.Combine(folder, "manifest.json");
        var bytes = await File.ReadAllBytesAsync(manifest);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(manifest, bytes);
        await File.WriteAllTextAsync(Path.Combine(folder, "extra.mp4"), "not evidence");

        var (code, output, _) = await Steps.CliAsync("police", Officer, "footage", "verify", folder);
        Assert.Equal(3, code);
        Assert.Contains("tampered: manifest.json:", output);
        Assert.Contains("tampered: extra.mp4:", output);
        Assert.NotEqual(0, (await Tool.RunAsync("sha256sum", folder, "-c", "SHA256SUMS")).ExitCode);

        var signature = Path.Combine(folder, "SHA256SUMS.sig");
        var sig = await File.ReadAllBytesAsync(signature);
        sig[^3] ^= 0x01;
        await File.WriteAllBytesAsync(signature, sig);
        Assert.Contains("SHA256SUMS.sig", (await Steps.CliAsync("police", Officer, "footage", "verify", folder)).Out);
        Assert.NotEqual(0, (await Tool.RunAsync("openssl", folder, "dgst", "-sha256", "-verify", "export-key.pem", "-signature", "SHA256SUMS.sig", "SHA256SUMS")).ExitCode);
    }

    [Fact]
    public async Task Each_role_is_refused_what_it_may_not_do_with_the_rule_named()
    {
        var first = PastHourBoundary().AddMinutes(30);
        await Footage.PlaceAsync(Host.DataDirectory, SiteId, "cam-01", Footage.Segments(first, 2));
        var id = await Steps.RequestAsync("cam-01", first, first.AddSeconds(20));

        var (policeCode, _, policeError) = await Steps.CliAsync("police", Officer, "footage", "approve", id, "--reason", "mine");
        Assert.Equal(1, policeCode);
        Assert.Contains("permission denied: FootageRequests/Approve needs the role manager; this token's role is police", policeError);

        var (otherCode, _, otherError) = await Steps.CliAsync("police", "Agent Bakker", "footage", "status", id);
        Assert.Equal(1, otherCode);
        Assert.Contains("was submitted by another officer", otherError);

        await Steps.ApproveAsync(id);
        await Steps.WaitForStateAsync(id, "ready");
        foreach (var role in new[] { "staff", "operator", "admin" })
        {
            var (code, _, error) = await Steps.CliAsync(role, "Someone", "footage", "download", id, "--out", TestPaths.NewFolder("denied"));
            Assert.Equal(1, code);
            Assert.Contains("permission denied", error);
        }
        var (bakkerCode, _, bakkerError) = await Steps.CliAsync("police", "Agent Bakker", "footage", "download", id, "--out", TestPaths.NewFolder("denied"));
        Assert.Equal(1, bakkerCode);
        Assert.Contains("was submitted by another officer", bakkerError);
    }

    [Fact]
    public async Task Submitting_holds_the_footage_and_rejecting_releases_it()
    {
        var first = PastHourBoundary().AddMinutes(40);
        var id = await Steps.RequestAsync("cam-21", first, first.AddMinutes(5));
        using var manager = Host.Client("manager", Manager);
        var request = await manager.FootageRequests.GetAsync(new FootageRequestRef { Id = id });
        var hold = (await manager.Retention.ListHoldsAsync(new ListHoldsRequest())).Holds.Single(h => h.Id == request.HoldId);
        Assert.Equal(["cam-21"], hold.Cameras);
        Assert.Equal(("police-request", "PL0900-2026123456"), (hold.Kind, hold.Reference));
        Assert.Equal(first, hold.From.ToDateTimeOffset());

        var (code, output, error) = await Steps.CliAsync("manager", Manager, "footage", "reject", id, "--reason", "geen vordering bijgevoegd");

        Assert.True(code == 0, error);
        Assert.StartsWith($"{id} rejected", output);
        var released = (await manager.Retention.ListHoldsAsync(new ListHoldsRequest { IncludeEnded = true })).Holds.Single(h => h.Id == request.HoldId);
        Assert.Equal("released", released.State);
    }

    [Fact]
    public async Task A_preservation_order_is_held_and_never_exported()
    {
        var first = PastHourBoundary().AddMinutes(45);
        var id = await Steps.RequestAsync("cam-22", first, first.AddMinutes(5), "126ni", "--expires", "+30d");
        await Steps.ApproveAsync(id);

        var approved = await Steps.WaitForStateAsync(id, "approved");
        Assert.Empty(approved.Files);
        var (code, _, error) = await Steps.CliAsync("police", Officer, "footage", "download", id, "--out", TestPaths.NewFolder("nothing"));
        Assert.Equal(2, code);
        Assert.Contains("has no evidence package to download", error);
    }

    [Fact]
    public async Task Refusals_name_the_field_or_the_rule_and_change_nothing()
    {
        using var police = Host.Client("police", Officer);
        var now = DateTimeOffset.UtcNow;
        SubmitFootageRequest Valid() => new()
        {
            CaseNumber = "PL0900-2026123456", Basis = "126nd", Reason = "r",
            From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now.AddHours(-2)),
            To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now.AddHours(-1)),
            Cameras = { "cam-02" },
        };
        var cases = new (SubmitFootageRequest Request, StatusCode Code, string Says)[]
        {
            (With(Valid(), r => r.CaseNumber = ""), StatusCode.InvalidArgument, "case: the police case number is required"),
            (With(Valid(), r => r.CaseNumber = new string('7', 5000)), StatusCode.InvalidArgument, "case: a case number has 3 to 40 characters"),
            (With(Valid(), r => r.CaseNumber = "<img src=x onerror=alert(1)>"), StatusCode.InvalidArgument, "is not a case number"),
            (With(Valid(), r => r.Basis = "126zz"), StatusCode.InvalidArgument, "basis:"),
            (With(Valid(), r => r.Cameras.Add("cam-06")), StatusCode.FailedPrecondition, "camera cam-06 (Entreehal) looks inside"),
            (With(Valid(), r => r.Cameras.Add("../../etc")), StatusCode.InvalidArgument, "cameras: '../../etc' is not a camera id"),
            (With(Valid(), r => r.Cameras.Add("cam-77")), StatusCode.InvalidArgument, "cameras: unknown camera 'cam-77'"),
            (With(Valid(), r => r.Zone = "terrein"), StatusCode.InvalidArgument, "zone: ask for cameras or for a zone, not both"),
            (With(Valid(), r => r.From = null), StatusCode.InvalidArgument, "from: the start of the window is required"),
            (With(Valid(), r => r.To = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = long.MaxValue }), StatusCode.InvalidArgument, "to: is not a valid timestamp"),
            (With(Valid(), r => r.From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now.AddDays(-40))), StatusCode.FailedPrecondition, "at most 1 day"),
            (With(Valid(), r => { r.From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now.AddDays(-40)); r.To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now.AddDays(-39.5)); }), StatusCode.FailedPrecondition, "no longer exists: four-week rule"),
            (With(Valid(), r => r.To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now.AddHours(2))), StatusCode.FailedPrecondition, "the window ends in the future"),
            (With(Valid(), r => r.Reason = new string('x', 600)), StatusCode.InvalidArgument, "reason:"),
            (With(Valid(), r => r.Reason = "line\u0000break"), StatusCode.InvalidArgument, "reason:"),
            (With(Valid(), r => r.Site = "elders"), StatusCode.NotFound, "unknown site 'elders'"),
            (With(Valid(), r => r.Reason = new string('x', 100_000)), StatusCode.ResourceExhausted, ""),
        };
        var before = (await Host.Client("manager").FootageRequests.ListAsync(new ListFootageRequestsRequest { IncludeEnded = true })).Requests.Count;
        foreach (var (request, code, says) in cases)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => police.FootageRequests.SubmitAsync(request).ResponseAsync);
            Assert.True(error.StatusCode == code, $"{says}: {error.StatusCode} {error.Status.Detail}");
            Assert.Contains(says, error.Status.Detail);
        }
        foreach (var id in new[] { "", "fr-x", "FR-2026-0A1B2C3D4E5F", new string('f', 10_000) })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => Host.Client("manager", Manager).FootageRequests.ApproveAsync(new ReviewFootageRequest { Id = id, Reason = "r" }).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.StartsWith("id:", error.Status.Detail);
        }
        var unknown = await Assert.ThrowsAsync<RpcException>(() => police.FootageRequests.GetAsync(new FootageRequestRef { Id = "fr-2026-000000000000" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        Assert.Equal(before, (await Host.Client("manager").FootageRequests.ListAsync(new ListFootageRequestsRequest { IncludeEnded = true })).Requests.Count);
        Assert.False(Host.HasExited);
    }

    [Fact]
    public async Task Download_offsets_and_file_names_are_checked()
    {
        var first = PastHourBoundary().AddMinutes(50);
        await Footage.PlaceAsync(Host.DataDirectory, SiteId, "cam-23", Footage.Segments(first, 2));
        var id = await Steps.ReadyAsync("cam-23", first, first.AddSeconds(20));
        using var police = Host.Client("police", Officer);

        foreach (var (file, offset, field) in new[] { ("../../keys/token-signing.key", 0L, "file:"), ("cam-23.mp4", -1L, "offset:"), ("cam-23.mp4", long.MaxValue, "offset:") })
        {
            using var call = police.FootageRequests.Download(new DownloadFootageRequest { Id = id, File = file, Offset = offset, Reason = "r" });
            var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.StartsWith(field, error.Status.Detail);
        }
        using var noReason = police.FootageRequests.Download(new DownloadFootageRequest { Id = id });
        Assert.StartsWith("reason:", (await Assert.ThrowsAsync<RpcException>(() => noReason.ResponseStream.MoveNext(CancellationToken.None))).Status.Detail);

        using var chunked = police.FootageRequests.Download(new DownloadFootageRequest { Id = id, Reason = "size check" });
        await foreach (var chunk in chunked.ResponseStream.ReadAllAsync())
            Assert.InRange(chunk.Data.Length, 0, 1024 * 1024);
    }

    private static SubmitFootageRequest With(SubmitFootageRequest request, Action<SubmitFootageRequest> change)
    {
        change(request);
        return request;
    }
}
