using System.Text.Json;
using System.Text.Json.Serialization;

namespace CameraBeheer.Contracts.Evidence;

/// <summary>Source-generated, stable serialisation of <see cref="EvidenceManifest"/>: camelCase, indented, UTC times
/// with milliseconds, nulls written (every field always present, so the format reads the same for every package).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.Strict,
    // A manifest from a recipient's folder is input: a field it lacks or holds as null where the format has a value is
    // refused here, rather than met later as a null the verifier did not expect (found by fuzzing).
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(EvidenceTimestampConverter)])]
[JsonSerializable(typeof(EvidenceManifest))]
public sealed partial class EvidenceJson : JsonSerializerContext
{
    /// <summary>The manifest as UTF-8 JSON, ending with a newline.</summary>
    public static byte[] Serialize(EvidenceManifest manifest)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(manifest, Default.EvidenceManifest);
        return [.. json, (byte)'\n'];
    }

    /// <summary>Reads a manifest; a <see cref="JsonException"/> says what is wrong.</summary>
    public static EvidenceManifest Deserialize(ReadOnlySpan<byte> utf8)
    {
        var manifest = JsonSerializer.Deserialize(utf8, Default.EvidenceManifest) ?? throw new JsonException("manifest.json is empty (null)");
        // Nullable annotations are not checked inside lists: a null entry would pass as a camera, file or segment.
        NoNullEntries(manifest.Cameras, "cameras");
        NoNullEntries(manifest.Gaps, "gaps");
        NoNullEntries(manifest.Files, "files");
        NoNullEntries(manifest.Sources, "sources");
        foreach (var source in manifest.Sources)
            NoNullEntries(source.Segments, "sources[].segments");
        return manifest;
    }

    private static void NoNullEntries<T>(IReadOnlyList<T> list, string field)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
                throw new JsonException($"manifest.json: {field}[{i}] is null");
        }
    }
}
