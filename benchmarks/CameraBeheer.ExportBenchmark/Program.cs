using System.Globalization;
using CameraBeheer.ExportBenchmark;

// Export throughput against File.Copy of the same segment bytes on the same store, measured in one run.
// Usage: dotnet run -c Release --project benchmarks/CameraBeheer.ExportBenchmark [-- --minutes M --rounds R --size WxH --folder DIR --keep]
// The last line is "export/copy ratio: 0.NN": median File.Copy time over median export time of the same bytes.
var settings = BenchmarkSettings.Parse(args);
if (settings is null) return 2;

var work = Path.Combine(settings.Folder, "export-benchmark-" + Guid.NewGuid().ToString("N")[..8]);
try
{
    using var bench = await ExportBench.CreateAsync(work, settings);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"footage: 1 camera, {bench.Segments} segments of 10 s ({settings.Width}x{settings.Height}), {bench.SegmentBytes / 1048576.0:0.0} MiB; {settings.Rounds} rounds after one warm-up"));

    await bench.CopyRoundAsync();
    await bench.CopyRoundAsync(durable: true);
    await bench.ExportRoundAsync();
    ExportVariant[] others = settings.Compare ? [ExportVariant.Fetching, ExportVariant.WithoutFastStart] : [];
    foreach (var variant in others) await bench.ExportRoundAsync(variant);
    var otherTimes = others.ToDictionary(v => v, _ => new List<double>());
    var copies = new List<double>();
    var durableCopies = new List<double>();
    var exports = new List<double>();
    var mib = bench.SegmentBytes / 1048576.0;
    for (var round = 1; round <= settings.Rounds; round++)
    {
        // Alternating, so that drift of a shared machine falls on all three alike.
        var copy = await bench.CopyRoundAsync();
        var durable = await bench.CopyRoundAsync(durable: true);
        var export = await bench.ExportRoundAsync();
        copies.Add(copy.TotalSeconds);
        durableCopies.Add(durable.TotalSeconds);
        exports.Add(export.TotalSeconds);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"round {round}: copy {copy.TotalMilliseconds:0} ms ({mib / copy.TotalSeconds:0} MiB/s), copy+fsync {durable.TotalMilliseconds:0} ms ({mib / durable.TotalSeconds:0} MiB/s), export {export.TotalMilliseconds:0} ms ({mib / export.TotalSeconds:0} MiB/s)");
        foreach (var variant in others)
        {
            var time = await bench.ExportRoundAsync(variant);
            otherTimes[variant].Add(time.TotalSeconds);
            line += string.Create(CultureInfo.InvariantCulture, $", {Name(variant)} {time.TotalMilliseconds:0} ms");
        }
        Console.WriteLine(line);
    }

    var (medianCopy, medianDurable, medianExport) = (Median(copies), Median(durableCopies), Median(exports));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"median: copy {medianCopy * 1000:0} ms ({mib / medianCopy:0} MiB/s), copy+fsync {medianDurable * 1000:0} ms ({mib / medianDurable:0} MiB/s), export {medianExport * 1000:0} ms ({mib / medianExport:0} MiB/s)"));
    foreach (var (variant, times) in otherTimes)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Name(variant)}: median {Median(times) * 1000:0} ms ({mib / Median(times):0} MiB/s), export/copy ratio {medianCopy / Median(times):0.00}, export/durable-copy ratio {medianDurable / Median(times):0.00}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"export/durable-copy ratio: {medianDurable / medianExport:0.00}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"export/copy ratio: {medianCopy / medianExport:0.00}"));
    return 0;
}
finally
{
    if (!settings.Keep && Directory.Exists(work)) Directory.Delete(work, recursive: true);
}

static string Name(ExportVariant variant) => variant switch
{
    ExportVariant.Fetching => "export fetching the segments",
    ExportVariant.WithoutFastStart => "export without faststart",
    _ => "export",
};

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
