using System.Diagnostics;
using System.Globalization;
using CameraBeheer.Exports;
using CameraBeheer.Storage;
using CameraBeheer.Storage.Retention;
using FFMpegCore;

namespace CameraBeheer.LoadTest;

/// <summary>
/// A police export running beside the ingest, on the same machine and disk: one camera's footage (ffmpeg's <c>lavfi</c>
/// source) in a <see cref="LocalDiskBlobStore"/> in the run's work folder, next to the backend's data, exported over and
/// over with the real <see cref="FootageExporter"/> while a round is measured.
/// </summary>
/// <remarks>The export runs in the load test's process, not in the backend's: the backend only exports for an approved
/// request, and what a round measures is what the export takes from the ingest in disk, page cache and CPU, which is the
/// same from either process on a machine of two cores. Each export's package is deleted again, as retention would.</remarks>
internal sealed class ExportBeside : IDisposable
{
    private const string Site = "domus-almere-poort";
    private const string Camera = "cam-01";
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 9, 55, 0, TimeSpan.Zero);
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly LocalDiskBlobStore _store;
    private readonly EvidenceSigner _signer;
    private readonly FootageExporter _exporter;
    private readonly int _segments;
    private int _exports;

    private ExportBeside(LocalDiskBlobStore store, EvidenceSigner signer, FootageExporter exporter, int segments, long bytes)
    {
        _store = store;
        _signer = signer;
        _exporter = exporter;
        _segments = segments;
        SegmentBytes = bytes;
    }

    public long SegmentBytes { get; }

    public string Description => string.Create(Inv,
        $"export beside: 1 camera, {_segments} segments of 10 s (1280x720, 4 Mbit/s), {SegmentBytes / 1048576.0:0} MiB per export, in a loop during the 'e2e+x' rounds");

    /// <summary>Makes one 10-second clip and stores it <paramref name="minutes"/> × 6 times as consecutive segments.</summary>
    public static async Task<ExportBeside> CreateAsync(string workFolder, int minutes, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(workFolder, "export-beside");
        Directory.CreateDirectory(folder);
        var store = new LocalDiskBlobStore(Path.Combine(folder, "store"));
        var data = Path.Combine(folder, "data");
        var clip = Path.Combine(folder, "clip.mp4");
        var made = await FFMpegArguments
            .FromFileInput("testsrc2=size=1280x720:rate=25:duration=10", verifyExists: false, o => o.ForceFormat("lavfi"))
            .OutputToFile(clip, overwrite: true, o => o.WithCustomArgument("-c:v libx264 -preset ultrafast -b:v 4M -g 25 -keyint_min 25 -sc_threshold 0 -pix_fmt yuv420p -an"))
            .ProcessAsynchronously(false, GlobalFFOptions.Current, cancellationToken);
        if (!made.Success) throw new LoadTestException("ffmpeg could not make the footage for --export-beside: " + string.Join(" | ", made.StandardError.TakeLast(3)));

        var bytes = await File.ReadAllBytesAsync(clip, cancellationToken);
        var segments = minutes * 6;
        for (var i = 0; i < segments; i++)
            await store.PutAsync(FootageLayout.BlobName(Site, Camera, Start + (i * TimeSpan.FromSeconds(10))), bytes, BlobCondition.None, cancellationToken);
        File.Delete(clip);

        var signer = EvidenceSigner.LoadOrCreate(null, data);
        var exporter = new FootageExporter(store, signer, new ExportsOptions { TempDirectory = Path.Combine(data, "tmp", "exports") });
        return new ExportBeside(store, signer, exporter, segments, (long)bytes.Length * segments);
    }

    /// <summary>Starts exporting in a loop until the returned handle is stopped.</summary>
    public Running Begin(CancellationToken cancellationToken) => new(this, cancellationToken);

    public void Dispose() => _signer.Dispose();

    private async Task ExportOnceAsync(CancellationToken cancellationToken)
    {
        var requestId = "fr-loadtest-" + Interlocked.Increment(ref _exports).ToString(Inv);
        var to = Start + (_segments * TimeSpan.FromSeconds(10));
        var job = new ExportJob(
            new EvidenceCase(requestId, Site, "PL0900-2026-000001", "126nd", null, "Agent", Start, "Manager", Start, "load test", Start, to),
            [Camera],
            new Dictionary<string, string>());
        try
        {
            await _exporter.ExportAsync(job, null, cancellationToken);
        }
        finally
        {
            // Also after a cancelled export: the exporter removes its partial package itself, this removes a whole one.
            await new ExportStorage(_store, TimeProvider.System).DeleteAsync(Site, requestId, "load-test", CancellationToken.None);
        }
    }

    /// <summary>The export loop of one round.</summary>
    internal sealed class Running
    {
        private readonly CancellationTokenSource _stop;
        private readonly Task _loop;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _completed;

        public Running(ExportBeside owner, CancellationToken cancellationToken)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    await owner.ExportOnceAsync(_stop.Token);
                    Interlocked.Increment(ref _completed);
                }
            });
        }

        /// <summary>Stops the loop (an export under way is cancelled and cleans up) and says how much was exported.</summary>
        public async Task<string> StopAsync()
        {
            var elapsed = _clock.Elapsed;
            await _stop.CancelAsync();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // The export under way when the round ended.
            }
            finally
            {
                _stop.Dispose();
            }
            return string.Create(Inv, $"{_completed} exports completed in {elapsed.TotalSeconds:0.0} s (the one under way then cancelled)");
        }
    }
}
