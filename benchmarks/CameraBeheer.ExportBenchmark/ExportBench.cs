using System.Diagnostics;
using System.Globalization;
using CameraBeheer.Exports;
using CameraBeheer.Storage;
using CameraBeheer.Storage.Retention;
using FFMpegCore;

namespace CameraBeheer.ExportBenchmark;

/// <summary>
/// One camera's footage on a local-disk store, and the two things measured over the same segment bytes: copying every
/// segment file with <see cref="File.Copy(string, string)"/> (the baseline: what moving the bytes costs on this disk) and
/// exporting the whole stretch (fetch, ffmpeg stream copy, hashing, manifest, signature, package into the store).
/// </summary>
internal sealed class ExportBench : IDisposable
{
    private const string Site = "domus-almere-poort";
    private const string Camera = "cam-01";
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 9, 55, 0, TimeSpan.Zero); // crosses an hour folder

    private readonly string _work;
    private readonly LocalDiskBlobStore _store;
    private readonly EvidenceSigner _signer;
    private readonly FootageExporter _exporter;
    private readonly FootageExporter _withoutFastStart;
    private readonly FootageExporter _fetching;
    private readonly List<string> _segmentFiles = [];
    private int _round;

    private ExportBench(string work, LocalDiskBlobStore store, EvidenceSigner signer, ExportsOptions options)
    {
        _work = work;
        _store = store;
        _signer = signer;
        _exporter = new FootageExporter(store, signer, options);
        _withoutFastStart = new FootageExporter(store, signer, new ExportsOptions { TempDirectory = options.TempDirectory, FastStart = false });
        _fetching = new FootageExporter(new WithoutLocalFiles(store), signer, options);
    }

    public int Segments => _segmentFiles.Count;

    public long SegmentBytes { get; private set; }

    public static async Task<ExportBench> CreateAsync(string work, BenchmarkSettings settings)
    {
        Directory.CreateDirectory(work);
        var store = new LocalDiskBlobStore(Path.Combine(work, "store"));
        var data = Path.Combine(work, "data");
        var signer = EvidenceSigner.LoadOrCreate(null, data);
        var bench = new ExportBench(work, store, signer, new ExportsOptions { TempDirectory = Path.Combine(data, "tmp", "exports") });
        await bench.SeedAsync(settings);
        return bench;
    }

    /// <summary>Copies every segment file of the store to a fresh folder on the same disk; with <paramref name="durable"/>
    /// each copy is also flushed to disk, as every write to the store is.</summary>
    public Task<TimeSpan> CopyRoundAsync(bool durable = false)
    {
        var target = Path.Combine(_work, "copies", (++_round).ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(target);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < _segmentFiles.Count; i++)
        {
            var copy = Path.Combine(target, i.ToString("D6", CultureInfo.InvariantCulture) + ".mp4");
            File.Copy(_segmentFiles[i], copy);
            if (durable)
            {
                using var written = new FileStream(copy, FileMode.Open, FileAccess.ReadWrite);
                written.Flush(flushToDisk: true);
            }
        }

        var elapsed = clock.Elapsed;
        Directory.Delete(target, recursive: true);
        return Task.FromResult(elapsed);
    }

    /// <summary>Exports the whole stretch (every segment, the window on segment boundaries) to a package in the store:
    /// as configured by default, or <see cref="ExportVariant.WithoutFastStart"/>, or <see cref="ExportVariant.Fetching"/>
    /// the segments into the work folder as on a store without local files.</summary>
    public async Task<TimeSpan> ExportRoundAsync(ExportVariant variant = ExportVariant.Default)
    {
        var requestId = "fr-bench-" + (++_round).ToString(CultureInfo.InvariantCulture);
        var to = Start + (Segments * TimeSpan.FromSeconds(10));
        var job = new ExportJob(
            new EvidenceCase(requestId, Site, "PL0900-2026-000001", "126nd", null, "Agent", Start, "Manager", Start, "benchmark", Start, to),
            [Camera],
            new Dictionary<string, string>());
        var clock = Stopwatch.StartNew();
        var exporter = variant switch
        {
            ExportVariant.WithoutFastStart => _withoutFastStart,
            ExportVariant.Fetching => _fetching,
            _ => _exporter,
        };
        await exporter.ExportAsync(job, null, CancellationToken.None);
        var elapsed = clock.Elapsed;
        await new ExportStorage(_store, TimeProvider.System).DeleteAsync(Site, requestId, "benchmark", CancellationToken.None);
        return elapsed;
    }

    public void Dispose() => _signer.Dispose();

    private async Task SeedAsync(BenchmarkSettings settings)
    {
        var clip = Path.Combine(_work, "clip.mp4");
        var source = string.Create(CultureInfo.InvariantCulture, $"testsrc2=size={settings.Width}x{settings.Height}:rate=25:duration=10");
        var result = await FFMpegArguments
            .FromFileInput(source, verifyExists: false, o => o.ForceFormat("lavfi"))
            .OutputToFile(clip, overwrite: true, o => o.WithCustomArgument("-c:v libx264 -preset ultrafast -b:v 4M -g 25 -keyint_min 25 -sc_threshold 0 -pix_fmt yuv420p -an"))
            .ProcessAsynchronously(false, GlobalFFOptions.Current, CancellationToken.None);
        if (!result.Success) throw new InvalidOperationException("ffmpeg could not make the benchmark clip: " + string.Join(" | ", result.StandardError.TakeLast(3)));

        var bytes = await File.ReadAllBytesAsync(clip);
        var count = settings.Minutes * 6;
        for (var i = 0; i < count; i++)
        {
            var name = FootageLayout.BlobName(Site, Camera, Start + (i * TimeSpan.FromSeconds(10)));
            await _store.PutAsync(name, bytes, BlobCondition.None);
            _segmentFiles.Add(Path.Combine(_store.Root, name.Replace('/', Path.DirectorySeparatorChar)));
            SegmentBytes += bytes.Length;
        }
    }
}

/// <summary>What an export round measures besides the default.</summary>
internal enum ExportVariant
{
    Default,
    WithoutFastStart,
    Fetching,
}

/// <summary>The local store without its <see cref="ILocalBlobFiles"/>: the export then fetches every segment through
/// <see cref="IBlobStore.OpenReadAsync"/>, as it must from Azure.</summary>
internal sealed class WithoutLocalFiles(IBlobStore inner) : IBlobStore
{
    public Task<BlobContent?> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);

    public Task<string> PutAsync(string name, ReadOnlyMemory<byte> content, BlobCondition condition, CancellationToken cancellationToken = default) =>
        inner.PutAsync(name, content, condition, cancellationToken);

    public Task<string> PutFileAsync(string name, string localFile, BlobCondition condition, CancellationToken cancellationToken = default) =>
        inner.PutFileAsync(name, localFile, condition, cancellationToken);

    public Task<Stream?> OpenReadAsync(string name, long offset, CancellationToken cancellationToken = default) => inner.OpenReadAsync(name, offset, cancellationToken);

    public Task<string> AppendAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.AppendAsync(name, content, cancellationToken);

    public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public IAsyncEnumerable<string> ListPrefixesAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListPrefixesAsync(prefix, cancellationToken);

    public Task<bool> DeleteAsync(string name, string? ifMatch = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, ifMatch, cancellationToken);
}
