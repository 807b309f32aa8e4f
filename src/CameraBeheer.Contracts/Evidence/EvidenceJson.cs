using System.Text.Json;
using System.Text.Json.Serialization;

namespace CameraBeheer.Contracts.Evidence;

/// <summary>Source-generated, stable serialisation of <see cref="EvidenceManifest"/>: camelCase, indented, UTC times
/// with milliseconds, nulls written (every field always present, so the format reads the same for every package).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.Strict,
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
    public static EvidenceManifest Deserialize(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, Default.EvidenceManifest) ?? throw new JsonException("manifest.json is empty (null)");
}
