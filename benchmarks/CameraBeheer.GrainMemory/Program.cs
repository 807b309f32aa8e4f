using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using CameraBeheer.Abstractions;
using CameraBeheer.GrainMemory;
using CameraBeheer.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Providers;

// Memory per camera grain: one in-process silo (the backend's grains, storage that keeps nothing), camera grains
// activated with --events motion events each (default one) in steps up to --grains, the managed heap after a full
// collection measured before and after each step. Usage: CameraBeheer.GrainMemory [--grains N] [--events E]
const string usage = "usage: CameraBeheer.GrainMemory [--grains N] [--events E]  (N grains, default 100000, also measured at 10000 when N is larger; E events per grain, default 1)";
var total = 100_000;
var eventsPerGrain = 1;
var steps = new List<int> { 10_000 };
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : (int?)null;
    switch (args[i])
    {
        case "--grains" when value is { } grainCount:
            total = grainCount;
            i++;
            break;
        case "--events" when value is { } events && events <= 100_000:
            eventsPerGrain = events;
            i++;
            break;
        default:
            Console.Error.WriteLine($"error: unknown option or bad value at '{args[i]}' (whole numbers from 1; at most 100000 events)\n{usage}");
            return 2;
    }
}
steps.RemoveAll(s => s >= total);
steps.Add(total);

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IBlobStore, DiscardingBlobStore>();
builder.Services.AddSingleton<CameraBeheer.Storage.EventLog>();
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering();
    silo.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (_, _) => new DiscardingGrainStorage());
});
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();

const string site = "memory-site";
// JIT, Orleans' pools and the directory's first growth are not grain memory: paid before the first measurement.
await ActivateAsync(grains, "warm-up", 0, 2_000, Math.Min(eventsPerGrain, 10));

var activated = 0;
var baseline = Heap();
var clock = Stopwatch.StartNew();
foreach (var step in steps)
{
    await ActivateAsync(grains, "cam", activated, step, eventsPerGrain);
    activated = step;
    var heap = Heap();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"heap {heap / 1048576.0:0.0} MiB after {activated} grains ({clock.Elapsed.TotalSeconds:0.0} s); working set {Environment.WorkingSet / 1048576.0:0} MiB"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"camera grain memory: {(heap - baseline) / activated} bytes per grain ({activated} grains{(eventsPerGrain > 1 ? $", {eventsPerGrain} events each" : "")})"));
}
await host.StopAsync();
return 0;

static long Heap()
{
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    return GC.GetTotalMemory(forceFullCollection: true);
}

static async Task ActivateAsync(IGrainFactory grains, string prefix, int from, int to, int events)
{
    // Many calls in flight, as the ingest makes them; each grain gets its events in one batch, with ids as the edge
    // gives them (m-{UTC stamp}-{n}), a millisecond apart: each id stays in the grain's memory for as long as its hour
    // bucket is cached, which is what a camera's memory grows with.
    using var slots = new SemaphoreSlim(256);
    var calls = new List<Task>(to - from);
    for (var i = from; i < to; i++)
    {
        await slots.WaitAsync();
        var camera = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D6}");
        var now = DateTimeOffset.UtcNow;
        var batch = ImmutableArray.CreateRange(Enumerable.Range(0, events).Select(e =>
        {
            var ts = now.AddMilliseconds(e - events);
            var id = string.Create(CultureInfo.InvariantCulture, $"m-{ts.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-0");
            return CameraEvent.Of(new MotionObservation(id, ts, e == 0 ? MotionPhase.Start : MotionPhase.Update, "entrance", null, 0.42));
        }));
        calls.Add(Call(grains.GetGrain<ICameraGrain>(GrainKeys.Camera(site, camera)).AcceptAsync(batch), slots));
    }
    await Task.WhenAll(calls);
}

static async Task Call(Task<ImmutableArray<bool>> call, SemaphoreSlim slots)
{
    try
    {
        if ((await call).Contains(false)) throw new InvalidOperationException("a fresh camera took one of its events for a redelivery");
    }
    finally
    {
        slots.Release();
    }
}
