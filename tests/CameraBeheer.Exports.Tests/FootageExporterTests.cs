namespace CameraBeheer.Exports.Tests;

/// <summary>The export with real ffmpeg on lavfi footage: which segments, where the cut falls, gaps, stream copy, retries.</summary>
public sealed class FootageExporterTests
{
    private static DateTimeOffset At(int hour, int minute, double second) => ExportScenario.At(hour, minute, second);

    [Fact]
    public async Task A_window_across_segment_boundaries_and_an_hour_folder_is_cut_at_the_keyframes_around_it()
    {
        using var scenario = new ExportScenario();
        await scenario.SeedRunAsync("cam-01", At(9, 59, 30), 7); // 09:59:30 … 10:00:30, across the 09 and 10 hour folders
        var from = At(9, 59, 45.5);
        var to = At(10, 0, 25.3);

        var outcome = await scenario.ExportAsync(scenario.Job(from, to, "cam-01"));

        var folder = await scenario.DownloadAsync("fr-2026-0001");
        var manifest = ExportScenario.ManifestIn(folder);
        var source = Assert.Single(manifest.Sources);
        Assert.Equal(
            [At(9, 59, 40), At(9, 59, 50), At(10, 0, 0), At(10, 0, 10), At(10, 0, 20)],
            source.Segments.Select(s => s.Start));
        Assert.Contains(source.Segments, s => s.Object.Contains("/2026/11/20/09/", StringComparison.Ordinal));
        Assert.Contains(source.Segments, s => s.Object.Contains("/2026/11/20/10/", StringComparison.Ordinal));
        Assert.Empty(outcome.Gaps);

        // Stream copy starts on the key frame at or before the window's start: at most one key frame interval early.
        Assert.NotNull(outcome.ActualFrom);
        Assert.NotNull(outcome.ActualTo);
        Assert.InRange(from - outcome.ActualFrom.Value, TimeSpan.Zero, TestFootage.KeyFrameSpacing);
        Assert.InRange(outcome.ActualTo.Value - to, -TestFootage.KeyFrameSpacing, TestFootage.KeyFrameSpacing);
        Assert.Equal(new ManifestWindow(outcome.ActualFrom.Value, outcome.ActualTo.Value), manifest.ActualWindow);
        Assert.Equal(EvidencePackage.KeyframeCutPrecision, manifest.CutPrecision);

        var video = await TestFootage.ProbeAsync(Path.Combine(folder, "cam-01.mp4"));
        Assert.Single(video.VideoStreams);
        Assert.Empty(video.AudioStreams);
        Assert.InRange(video.Duration, to - outcome.ActualFrom.Value - TestFootage.KeyFrameSpacing, to - outcome.ActualFrom.Value + TestFootage.KeyFrameSpacing);
    }

    [Fact]
    public async Task The_export_is_a_stream_copy_with_the_source_codec_resolution_and_packets()
    {
        using var scenario = new ExportScenario();
        await scenario.SeedRunAsync("cam-01", At(10, 0, 0), 3);

        await scenario.ExportAsync(scenario.Job(At(10, 0, 3.2), At(10, 0, 27), "cam-01"));

        var folder = await scenario.DownloadAsync("fr-2026-0001");
        var exported = Path.Combine(folder, "cam-01.mp4");
        var video = (await TestFootage.ProbeAsync(exported)).PrimaryVideoStream!;
        Assert.Equal("h264", video.CodecName);
        Assert.Equal((TestFootage.Width, TestFootage.Height), (video.Width, video.Height));

        var sourceFile = Path.Combine(scenario.Folder, "source.mp4");
        await File.WriteAllBytesAsync(sourceFile, await TestFootage.SegmentAsync(), ExportScenario.Ct);
        var sourcePackets = (await PacketHashes.OfAsync(sourceFile)).Select(p => p.Md5).ToHashSet(StringComparer.Ordinal);
        var exportedPackets = await PacketHashes.OfAsync(exported);
        // 10:00:03 (key frame) to 10:00:27: 24 s of 25 frames, one key frame a second.
        Assert.Equal(24 * TestFootage.FrameRate, exportedPackets.Count);
        Assert.Equal(24, exportedPackets.Count(p => p.IsKey));
        // Every picture is a source packet, byte for byte. Key frames differ only by the parameter sets (SPS/PPS) the
        // concat demuxer repeats in front of them so that segments with other parameters still decode: no re-encode.
        Assert.All(exportedPackets.Where(p => !p.IsKey), packet => Assert.Contains(packet.Md5, sourcePackets));
    }

    [Fact]
    public async Task A_missing_segment_is_a_gap_in_the_manifest_and_keeps_its_length_in_the_video()
    {
        using var scenario = new ExportScenario();
        await scenario.SeedAsync("cam-02", At(10, 0, 0), At(10, 0, 10), At(10, 0, 30)); // 10:00:20 is missing

        var outcome = await scenario.ExportAsync(scenario.Job(At(10, 0, 0), At(10, 0, 40), "cam-02"));

        var gap = Assert.Single(outcome.Gaps);
        Assert.Equal(("cam-02", At(10, 0, 20), At(10, 0, 30)), (gap.Camera, gap.From, gap.To));
        var folder = await scenario.DownloadAsync("fr-2026-0001");
        var listed = Assert.Single(ExportScenario.ManifestIn(folder).Gaps);
        Assert.Equal(new ManifestGap(gap.Camera, gap.From, gap.To, gap.Reason), listed);
        Assert.Contains("segment missing", listed.Reason, StringComparison.Ordinal);

        // The video's timeline is the wall clock: the footage after the hole plays at its own time, not 10 s early.
        var video = await TestFootage.ProbeAsync(Path.Combine(folder, "cam-02.mp4"));
        Assert.InRange(video.Duration, TimeSpan.FromSeconds(39), TimeSpan.FromSeconds(41));
        Assert.Equal(At(10, 0, 0), outcome.ActualFrom);
    }

    [Fact]
    public async Task A_window_starting_before_the_footage_lists_the_uncovered_start_as_a_gap()
    {
        using var scenario = new ExportScenario();
        await scenario.SeedRunAsync("cam-01", At(10, 0, 0), 2);

        var outcome = await scenario.ExportAsync(scenario.Job(At(9, 59, 0), At(10, 0, 20), "cam-01"));

        var gap = Assert.Single(outcome.Gaps);
        Assert.Equal((At(9, 59, 0), At(10, 0, 0)), (gap.From, gap.To));
        Assert.Equal(At(10, 0, 0), outcome.ActualFrom);
    }

    [Fact]
    public async Task A_camera_without_footage_is_one_gap_over_the_whole_window_and_has_no_video()
    {
        using var scenario = new ExportScenario();
        await scenario.SeedRunAsync("cam-01", At(10, 0, 0), 2);
        var (from, to) = (At(10, 0, 2), At(10, 0, 18));

        var outcome = await scenario.ExportAsync(scenario.Job(from, to, "cam-01", "cam-09"));

        var gap = Assert.Single(outcome.Gaps);
        Assert.Equal(("cam-09", from, to), (gap.Camera, gap.From, gap.To));
        Assert.DoesNotContain(outcome.Files, f => f.Name == "cam-09.mp4");
        Assert.Contains(outcome.Files, f => f.Name == "cam-01.mp4");
        var folder = await scenario.DownloadAsync("fr-2026-0001");
        var manifest = ExportScenario.ManifestIn(folder);
        var cam09 = Assert.Single(manifest.Sources, s => s.Camera == "cam-09");
        Assert.Null(cam09.File);
        Assert.Empty(cam09.Segments);
        Assert.Equal(["cam-01", "cam-09"], manifest.Cameras);
        Assert.True(EvidencePackageVerifier.Verify(folder, scenario.Signer.PublicKeyPem).Intact);
    }

    [Fact]
    public async Task The_manifest_shows_per_segment_whether_the_bytes_match_what_the_edge_reported()
    {
        using var scenario = new ExportScenario();
        await scenario.SeedRunAsync("cam-01", At(10, 0, 0), 3);
        var names = scenario.EdgeHashes.Keys.Order(StringComparer.Ordinal).ToArray();
        scenario.EdgeHashes[names[1]] = new string('0', 64); // the store's bytes differ from what the edge uploaded
        scenario.EdgeHashes.Remove(names[2]);                // no segment message found for this one

        await scenario.ExportAsync(scenario.Job(At(10, 0, 0), At(10, 0, 30), "cam-01"));

        var segments = ExportScenario.ManifestIn(await scenario.DownloadAsync("fr-2026-0001")).Sources.Single().Segments;
        Assert.Equal([true, false, null], segments.Select(s => s.MatchesEdge));
        Assert.Equal(segments[0].Sha256, segments[0].EdgeSha256);
        Assert.Null(segments[2].EdgeSha256);
        Assert.All(segments, s => Assert.True(Sha256Sums.IsSha256Hex(s.Sha256)));
    }

    [Fact]
    public async Task Progress_is_reported_per_camera_segment_by_segment_up_to_the_total_with_bytes()
    {
        using var scenario = new ExportScenario();
        await scenario.SeedRunAsync("cam-01", At(10, 0, 0), 3);
        await scenario.SeedRunAsync("cam-02", At(10, 0, 0), 3);
        var progress = new RecordingProgress();

        await scenario.ExportAsync(scenario.Job(At(10, 0, 0), At(10, 0, 30), "cam-01", "cam-02"), progress);

        var segment = (await TestFootage.SegmentAsync()).Length;
        foreach (var camera in new[] { "cam-01", "cam-02" })
        {
            var reports = progress.Reports.Where(r => r.Camera == camera).ToList();
            Assert.Equal([0, 1, 2, 3], reports.Select(r => r.SegmentsDone));
            Assert.All(reports, r => Assert.Equal(3, r.SegmentsTotal));
            Assert.Equal([0L, segment, 2L * segment, 3L * segment], reports.Select(r => r.BytesDone));
        }
    }

    [Fact]
    public async Task A_retry_after_a_leftover_partial_package_starts_clean_and_is_intact()
    {
        using var scenario = new ExportScenario();
        await scenario.SeedRunAsync("cam-01", At(10, 0, 0), 2);
        // What a crash half-way through an upload leaves: part of a video and a file of an older attempt, and a work folder.
        await scenario.Store.AppendAsync("exports/fr-2026-0001/cam-01.mp4", new byte[1000], ExportScenario.Ct);
        await scenario.Store.PutAsync("exports/fr-2026-0001/cam-07.mp4", new byte[10], Storage.BlobCondition.None, ExportScenario.Ct);
        var leftoverWork = Path.Combine(scenario.Options.TempDirectory, "fr-2026-0001", "cam-01");
        Directory.CreateDirectory(leftoverWork);
        await File.WriteAllTextAsync(Path.Combine(leftoverWork, "seg-000001.mp4"), "half a segment", ExportScenario.Ct);

        var job = scenario.Job(At(10, 0, 1), At(10, 0, 19), "cam-01");
        var first = await scenario.ExportAsync(job);
        var again = await scenario.ExportAsync(job);

        var stored = (await scenario.Storage.ListAsync("fr-2026-0001", ExportScenario.Ct)).Select(b => b.Name[(b.Name.LastIndexOf('/') + 1)..]);
        Assert.Equal(["SHA256SUMS", "SHA256SUMS.sig", "cam-01.mp4", "export-key.pem", "manifest.json"], stored.Order(StringComparer.Ordinal));
        Assert.Equal(first.Files.Single(f => f.Name == "cam-01.mp4"), again.Files.Single(f => f.Name == "cam-01.mp4"));
        var verification = EvidencePackageVerifier.Verify(await scenario.DownloadAsync("fr-2026-0001"), scenario.Signer.PublicKeyPem);
        Assert.True(verification.Intact, string.Join("; ", verification.Problems));
        Assert.False(Directory.Exists(Path.Combine(scenario.Options.TempDirectory, "fr-2026-0001")));
    }

    [Fact]
    public async Task Without_ffmpeg_the_export_fails_naming_the_setting_and_leaves_no_package()
    {
        using var scenario = new ExportScenario(o => o.FfmpegBinaryFolder = "/nonexistent/ffmpeg-folder");
        await scenario.SeedRunAsync("cam-01", At(10, 0, 0), 2);

        var failure = await Assert.ThrowsAsync<ExportFailedException>(() => scenario.ExportAsync(scenario.Job(At(10, 0, 0), At(10, 0, 20), "cam-01")));

        Assert.Contains("Exports:FfmpegBinaryFolder", failure.Message, StringComparison.Ordinal);
        Assert.Empty(await scenario.Storage.ListAsync("fr-2026-0001", ExportScenario.Ct));
    }

    [Fact]
    public async Task An_export_cancelled_half_way_leaves_no_package_and_the_next_attempt_succeeds()
    {
        using var scenario = new ExportScenario();
        await scenario.SeedRunAsync("cam-01", At(10, 0, 0), 3);
        var job = scenario.Job(At(10, 0, 0), At(10, 0, 30), "cam-01");
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(ExportScenario.Ct);
        // The host stops while the second segment is being fetched.
        var stopAfterFirst = new CallbackProgress(p => { if (p.SegmentsDone == 1) shutdown.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scenario.Exporter.ExportAsync(job, stopAfterFirst, shutdown.Token));

        Assert.Empty(await scenario.Storage.ListAsync("fr-2026-0001", ExportScenario.Ct));
        Assert.False(Directory.Exists(Path.Combine(scenario.Options.TempDirectory, "fr-2026-0001")));
        await scenario.ExportAsync(job);
        var verification = EvidencePackageVerifier.Verify(await scenario.DownloadAsync("fr-2026-0001"), scenario.Signer.PublicKeyPem);
        Assert.True(verification.Intact, string.Join("; ", verification.Problems));
    }

    [Fact]
    public async Task From_a_store_without_local_files_the_segments_are_fetched_and_give_the_same_package()
    {
        // Azure has no local files: the export fetches every segment into its work folder instead of reading it in place.
        using var inPlace = new ExportScenario();
        using var fetching = new ExportScenario(exportThrough: store => new StoreWithoutLocalFiles(store));
        foreach (var scenario in new[] { inPlace, fetching })
            await scenario.SeedRunAsync("cam-01", At(9, 59, 50), 3);
        var progress = new RecordingProgress();

        var expected = await inPlace.ExportAsync(inPlace.Job(At(9, 59, 55), At(10, 0, 15), "cam-01"));
        var outcome = await fetching.ExportAsync(fetching.Job(At(9, 59, 55), At(10, 0, 15), "cam-01"), progress);

        var segments = ExportScenario.ManifestIn(await fetching.DownloadAsync("fr-2026-0001")).Sources.Single().Segments;
        var expectedSegments = ExportScenario.ManifestIn(await inPlace.DownloadAsync("fr-2026-0001")).Sources.Single().Segments;
        Assert.Equal(expectedSegments.Select(s => (s.Object, s.Bytes, s.Sha256)), segments.Select(s => (s.Object, s.Bytes, s.Sha256)));
        Assert.All(segments, s => Assert.True(s.MatchesEdge));
        Assert.Equal((expected.ActualFrom, expected.ActualTo), (outcome.ActualFrom, outcome.ActualTo));
        Assert.Equal([0, 1, 2, 3], progress.Reports.Select(r => r.SegmentsDone));
    }

    [Fact]
    public async Task A_segment_deleted_between_the_listing_and_its_reading_fails_the_export_naming_it()
    {
        var lost = Storage.Retention.FootageLayout.BlobName(ExportScenario.Site, "cam-01", At(10, 0, 10));
        using var scenario = new ExportScenario(exportThrough: store => new StoreLosing(store, lost));
        await scenario.SeedRunAsync("cam-01", At(10, 0, 0), 3);

        var failure = await Assert.ThrowsAsync<ExportFailedException>(() => scenario.ExportAsync(scenario.Job(At(10, 0, 0), At(10, 0, 30), "cam-01")));

        Assert.Contains(lost, failure.Message, StringComparison.Ordinal);
        Assert.Contains("disappeared", failure.Message, StringComparison.Ordinal);
        Assert.Empty(await scenario.Storage.ListAsync("fr-2026-0001", ExportScenario.Ct));
    }

    [Fact]
    public async Task A_damaged_segment_fails_the_export_naming_the_segment()
    {
        using var scenario = new ExportScenario();
        await scenario.SeedRunAsync("cam-01", At(10, 0, 0), 2);
        var damaged = Storage.Retention.FootageLayout.BlobName(ExportScenario.Site, "cam-01", At(10, 0, 10));
        await scenario.Store.PutAsync(damaged, "not a video"u8.ToArray(), Storage.BlobCondition.None, ExportScenario.Ct);

        var failure = await Assert.ThrowsAsync<ExportFailedException>(() => scenario.ExportAsync(scenario.Job(At(10, 0, 0), At(10, 0, 20), "cam-01")));

        Assert.Contains(damaged, failure.Message, StringComparison.Ordinal);
        Assert.Empty(await scenario.Storage.ListAsync("fr-2026-0001", ExportScenario.Ct));
    }

    [Theory]
    [InlineData("126ni", null)]
    [InlineData("126nf", null)]
    [InlineData("", null)]
    public async Task No_export_without_a_legal_basis_that_allows_one(string basis, string? authorisation)
    {
        using var scenario = new ExportScenario();
        await scenario.SeedRunAsync("cam-01", At(10, 0, 0), 1);
        var job = scenario.Job(At(10, 0, 0), At(10, 0, 10), "cam-01");
        job = job with { Case = job.Case with { LegalBasis = basis, Authorisation = authorisation } };

        var refusal = await Assert.ThrowsAsync<ArgumentException>(() => scenario.ExportAsync(job));

        Assert.Contains(basis.Length == 0 || basis == "126ni" ? "does not allow an export" : "authorisation", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(await scenario.Storage.ListAsync("fr-2026-0001", ExportScenario.Ct));
    }

    [Fact]
    public async Task The_outcome_lists_every_file_of_the_package_with_its_stored_size_and_hash()
    {
        using var scenario = new ExportScenario();
        await scenario.SeedRunAsync("cam-01", At(10, 0, 0), 2);

        var outcome = await scenario.ExportAsync(scenario.Job(At(10, 0, 0), At(10, 0, 20), "cam-01"));

        var folder = await scenario.DownloadAsync("fr-2026-0001");
        Assert.Equal(5, outcome.Files.Count);
        foreach (var file in outcome.Files)
        {
            var path = Path.Combine(folder, file.Name);
            Assert.Equal(file.Bytes, new FileInfo(path).Length);
            Assert.Equal(file.Sha256, Sha256Sums.HashFile(path));
        }
        Assert.Equal(EvidencePackage.Signature, outcome.Files[^1].Name);
    }

    private sealed class CallbackProgress(Action<CameraExportProgress> callback) : IProgress<CameraExportProgress>
    {
        public void Report(CameraExportProgress value) => callback(value);
    }

    private sealed class RecordingProgress : IProgress<CameraExportProgress>
    {
        private readonly List<CameraExportProgress> _reports = [];

        public IReadOnlyList<CameraExportProgress> Reports
        {
            get
            {
                lock (_reports) return [.. _reports];
            }
        }

        public void Report(CameraExportProgress value)
        {
            lock (_reports) _reports.Add(value);
        }
    }

    /// <summary>The local store without <see cref="Storage.ILocalBlobFiles"/>, as an Azure store would be.</summary>
    private sealed class StoreWithoutLocalFiles(Storage.IBlobStore inner) : ForwardingBlobStore(inner);

    /// <summary>A local store whose blob <paramref name="lost"/> is deleted (as by retention) right after the listing,
    /// when the export asks where it lies.</summary>
    private sealed class StoreLosing(Storage.LocalDiskBlobStore local, string lost) : ForwardingBlobStore(local), Storage.ILocalBlobFiles
    {
        private readonly Storage.LocalDiskBlobStore _local = local;

        public string? LocalPathOf(string name)
        {
            if (name == lost) _local.DeleteAsync(name).GetAwaiter().GetResult();
            return _local.LocalPathOf(name);
        }
    }
}
