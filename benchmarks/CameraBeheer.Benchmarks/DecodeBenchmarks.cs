using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CameraBeheer.Abstractions;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Ingest;

namespace CameraBeheer.Benchmarks;

/// <summary>
/// The per-event cost of the ingest hot path before any I/O: decoding and validating one MQTT message.
/// The baseline is the bare source-generated deserialisation of the same motion payload, so the ratio column is the
/// cost of topic parsing and contract validation on top of JSON.
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private static readonly string MotionTopic = EdgeTopics.Motion(BenchmarkSite.Site, "cam-01");
    private static readonly string StatusTopic = EdgeTopics.Status(BenchmarkSite.Site, "cam-01");

    private EdgeMessageDecoder _decoder = null!;
    private ReadOnlySequence<byte> _motion;
    private ReadOnlySequence<byte> _status;
    private ReadOnlySequence<byte> _malformed;

    [GlobalSetup]
    public void Setup()
    {
        _decoder = new EdgeMessageDecoder(BenchmarkSite.Load(), new FixedClock(BenchmarkSite.Now));
        _motion = Utf8($$"""{"id":"m-000123","ts":"{{BenchmarkSite.RecentTs}}","phase":"start","region":"gate","score":0.42}""");
        _status = Utf8($$"""{"state":"online","ts":"{{BenchmarkSite.RecentTs}}"}""");
        // The same motion event cut off mid-value: the decoder must turn the JsonException into a dead letter.
        _malformed = Utf8($$"""{"id":"m-000123","ts":"{{BenchmarkSite.RecentTs}}","phase":"sta""");

        // A benchmark that measures a failure path by accident measures nothing: check what each one returns.
        Expect<EdgeMessage.Motion>(DecodeMotion());
        Expect<EdgeMessage.Status>(DecodeStatus());
        Expect<EdgeMessage.Rejected>(DecodeMalformed());
        if (DeserializeMotionOnly() is null) throw new InvalidOperationException("the baseline deserialised nothing");
    }

    [Benchmark(Baseline = true, Description = "JSON only: MotionPayload (source-generated)")]
    public MotionPayload? DeserializeMotionOnly()
    {
        var reader = new Utf8JsonReader(_motion);
        return JsonSerializer.Deserialize(ref reader, EdgeJsonContext.Default.MotionPayload);
    }

    [Benchmark(Description = "Decode+validate motion")]
    public EdgeMessage DecodeMotion() => _decoder.Decode(MotionTopic, _motion);

    [Benchmark(Description = "Decode+validate status")]
    public EdgeMessage DecodeStatus() => _decoder.Decode(StatusTopic, _status);

    [Benchmark(Description = "Decode malformed (dead letter)")]
    public EdgeMessage DecodeMalformed() => _decoder.Decode(MotionTopic, _malformed);

    /// <summary>What the subscriber does after decoding to find the grain: build the <c>{site}/{camera}</c> key.</summary>
    [Benchmark(Description = "Route: grain key of camera")]
    public string RouteToGrainKey() => GrainKeys.Camera(BenchmarkSite.Site, "cam-01");

    private static ReadOnlySequence<byte> Utf8(string s) => new(Encoding.UTF8.GetBytes(s));

    private static void Expect<T>(EdgeMessage m) where T : EdgeMessage
    {
        if (m is not T) throw new InvalidOperationException($"expected {typeof(T).Name}, the decoder returned {m}");
    }
}
