using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CameraBeheer.Grains;
using CameraBeheer.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Orleans;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace CameraBeheer.Ingest.Tests;

/// <summary>
/// One MQTT message, traced from the ingest's receipt through decode, the batcher's round, the camera grain (Orleans'
/// activity propagation) and the event-log append: the real ingest, a real in-process silo with the real camera grain,
/// and a real blob store on a temporary folder, with OpenTelemetry's in-memory exporter.
/// </summary>
public sealed class IngestTraceTests : IAsyncLifetime
{
    private const string TestSourceName = "CameraBeheer.Ingest.Tests";
    private static readonly ActivitySource TestSource = new(TestSourceName);

    private readonly string _root = Directory.CreateTempSubdirectory("camerabeheer-trace-").FullName;
    private InProcessTestCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        var root = _root;
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton(TimeProvider.System);
            host.Services.AddLocalDiskBlobStore(root);
        });
        // As the host configures its silo: blob grain storage, and a trace goes on through grain calls.
        builder.ConfigureSilo((_, silo) => silo.AddBlobGrainStorageAsDefault().UseSystemTextJsonGrainStorageSerializer().AddActivityPropagation());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    [Fact]
    public async Task A_trace_of_one_event_has_spans_for_decode_batch_grain_and_store()
    {
        var exported = new ExportedSpans();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(TestSourceName, IngestTracing.SourceName, GrainTracing.SourceName, StorageTracing.SourceName)
            .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(exported)
            .Build();

        var silo = _cluster.Silos[0].ServiceProvider;
        using var metrics = new IngestMetrics(silo.GetRequiredService<IMeterFactory>());
        var batcher = new IngestBatcher(Options.Create(new IngestOptions()), silo.GetRequiredService<IGrainFactory>(),
            new DeadLetterLog(silo.GetRequiredService<IBlobStore>()), metrics, new RefusedInputSummary(), NullLogger<IngestBatcher>.Instance);
        var ingest = new EdgeIngest(new EdgeMessageDecoder(DecoderFixture.SiteConfiguration, TimeProvider.System), batcher, metrics, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var storing = batcher.RunAsync(stop.Token);

        // The broker's hand-over, under a span of the test's own: everything below must share its trace.
        ActivityTraceId traceId;
        var acknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (var broker = TestSource.StartActivity("broker.deliver", ActivityKind.Internal))
        {
            traceId = broker!.TraceId;
            var ts = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var payload = Encoding.UTF8.GetBytes($$"""{"id":"trace-1","ts":"{{ts}}","phase":"update","score":0.5}""");
            await ingest.AcceptAsync(DecoderFixture.MotionTopic("cam-12"), new ReadOnlySequence<byte>(payload),
                () => { acknowledged.TrySetResult(); return Task.CompletedTask; },
                () => acknowledged.TrySetException(new IOException("the batcher asked for a redelivery")), TestContext.Current.CancellationToken);
        }
        await acknowledged.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        // Spans are exported as they end; the last of them (the batch) ends just before the acknowledgement is sent.
        var spans = await exported.WaitForAsync(traceId, ["ingest.receive", "ingest.decode", "ingest.batch", "camera.accept", "storage.append"], TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => storing);

        var receive = spans.Single(s => s.DisplayName == "ingest.receive");
        var decode = spans.Single(s => s.DisplayName == "ingest.decode");
        var batch = spans.Single(s => s.DisplayName == "ingest.batch");
        var accept = spans.Single(s => s.DisplayName == "camera.accept");
        var append = spans.Single(s => s.DisplayName == "storage.append");
        Assert.All(spans, s => Assert.Equal(traceId, s.TraceId));
        Assert.Equal(receive.SpanId, decode.ParentSpanId);
        Assert.Equal(receive.SpanId, batch.ParentSpanId);
        Assert.Contains(batch.SpanId, Ancestors(accept, spans));
        Assert.Contains(accept.SpanId, Ancestors(append, spans));
        Assert.Equal("camerabeheer/v1/domus-almere-poort/camera/cam-12/motion", receive.GetTagItem("messaging.destination.name"));
        Assert.Equal("cam-12", accept.GetTagItem("camerabeheer.camera"));
        Assert.StartsWith("events/domus-almere-poort/cam-12/", (string?)append.GetTagItem("camerabeheer.blob"), StringComparison.Ordinal);
    }

    /// <summary>The span ids above <paramref name="span"/>, nearest first (Orleans' grain-call spans sit between ours).</summary>
    private static List<ActivitySpanId> Ancestors(Activity span, IReadOnlyList<Activity> spans)
    {
        var ancestors = new List<ActivitySpanId>();
        for (var parent = span.ParentSpanId; spans.FirstOrDefault(s => s.SpanId == parent) is { } next; parent = next.ParentSpanId)
            ancestors.Add(next.SpanId);
        return ancestors;
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>The exporter's list; spans end on many threads, so it takes them under a lock.</summary>
    private sealed class ExportedSpans : Collection<Activity>
    {
        private readonly Lock _lock = new();

        protected override void InsertItem(int index, Activity item)
        {
            lock (_lock) base.InsertItem(Count, item);
        }

        public async Task<IReadOnlyList<Activity>> WaitForAsync(ActivityTraceId traceId, string[] names, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                List<Activity> spans;
                lock (_lock) spans = this.Where(s => s.TraceId == traceId).ToList();
                var missing = names.Where(n => spans.All(s => s.DisplayName != n)).ToList();
                if (missing.Count == 0) return spans;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"no span {string.Join(", ", missing)} in the trace within {timeout.TotalSeconds} s; it has {string.Join(", ", spans.Select(s => s.DisplayName))}");
                await Task.Delay(50);
            }
        }
    }
}
