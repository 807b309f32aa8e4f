using System.Security.Cryptography;
using CameraBeheer.Storage.Retention;

namespace CameraBeheer.Exports.Tests;

/// <summary>
/// One export test's world: a local-disk blob store, a temp folder and a signing key in a fresh folder; footage seeded
/// into the layout; the exporter; and the package downloaded to a folder as a recipient would have it.
/// </summary>
internal sealed class ExportScenario : IDisposable
{
    public const string Site = "domus-almere-poort";

    private readonly Dictionary<string, string> _edgeHashes = new(StringComparer.Ordinal);

    /// <param name="exportThrough">The store the exporter sees, made from the scenario's store (e.g. one without local
    /// files, or one that loses a segment); default the store itself.</param>
    public ExportScenario(Action<ExportsOptions>? configure = null, Func<LocalDiskBlobStore, IBlobStore>? exportThrough = null)
    {
        Folder = Path.Combine(TestFootage.Root, "scenario-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Folder);
        Store = new LocalDiskBlobStore(Path.Combine(Folder, "store"));
        Options = new ExportsOptions { TempDirectory = Path.Combine(Folder, "data", "tmp", "exports") };
        configure?.Invoke(Options);
        Signer = EvidenceSigner.LoadOrCreate(null, DataDirectory);
        Exporter = new FootageExporter(exportThrough?.Invoke(Store) ?? Store, Signer, Options);
        Storage = new ExportStorage(Store, TimeProvider.System);
    }

    public string Folder { get; }

    public string DataDirectory => Path.Combine(Folder, "data");

    public LocalDiskBlobStore Store { get; }

    public ExportsOptions Options { get; }

    public EvidenceSigner Signer { get; }

    public FootageExporter Exporter { get; }

    public ExportStorage Storage { get; }

    /// <summary>What the edge reported per segment; a test may change an entry to play a tampered store.</summary>
    public Dictionary<string, string> EdgeHashes => _edgeHashes;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static DateTimeOffset At(int hour, int minute, double second) =>
        new DateTimeOffset(2026, 11, 20, hour, minute, 0, TimeSpan.Zero).AddSeconds(second);

    /// <summary>Stores a 10-second segment starting at each of <paramref name="starts"/> and records its hash as the edge would.</summary>
    public async Task SeedAsync(string camera, params DateTimeOffset[] starts)
    {
        var bytes = await TestFootage.SegmentAsync();
        foreach (var start in starts)
        {
            var name = FootageLayout.BlobName(Site, camera, start);
            await Store.PutAsync(name, bytes, BlobCondition.None, Ct);
            _edgeHashes[name] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        }
    }

    /// <summary>Segments every 10 s from <paramref name="first"/>, <paramref name="count"/> of them.</summary>
    public Task SeedRunAsync(string camera, DateTimeOffset first, int count) =>
        SeedAsync(camera, [.. Enumerable.Range(0, count).Select(i => first + (i * TestFootage.SegmentLength))]);

    public ExportJob Job(DateTimeOffset from, DateTimeOffset to, params string[] cameras) => new(
        new EvidenceCase(
            "fr-2026-0001", Site, "PL0900-2026-123456", "126nd", null,
            "Agent de Vries", from.AddDays(2), "Manager Bakker", from.AddDays(2).AddHours(1),
            "aangifte mishandeling bij de poort", from, to),
        cameras,
        new Dictionary<string, string>(_edgeHashes, StringComparer.Ordinal));

    public Task<ExportOutcome> ExportAsync(ExportJob job, IProgress<CameraExportProgress>? progress = null) =>
        Exporter.ExportAsync(job, progress, Ct);

    /// <summary>Downloads the package from the store, through <see cref="ExportStorage"/>, into a new folder.</summary>
    public async Task<string> DownloadAsync(string requestId)
    {
        var target = Path.Combine(Folder, "download-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(target);
        foreach (var blob in await Storage.ListAsync(requestId, Ct))
        {
            var file = blob.Name[(blob.Name.LastIndexOf('/') + 1)..];
            var stream = await Storage.OpenReadAsync(requestId, file, 0, Ct);
            Assert.NotNull(stream);
            await using (stream)
            await using (var output = File.Create(Path.Combine(target, file)))
            {
                await stream.CopyToAsync(output, Ct);
            }
        }
        return target;
    }

    public static EvidenceManifest ManifestIn(string folder) =>
        EvidenceJson.Deserialize(File.ReadAllBytes(Path.Combine(folder, EvidencePackage.Manifest)));

    public void Dispose()
    {
        Signer.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for test.sh's clean-up of the test root.
        }
    }
}
