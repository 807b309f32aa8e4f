namespace CameraBeheer.Exports.Tests;

/// <summary>manifest.json is a published format: stable camelCase names, UTC times with milliseconds, every field present.</summary>
public sealed class EvidenceManifestTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 20, 10, 0, 2, 123, TimeSpan.Zero);

    [Fact]
    public void The_manifest_is_written_with_stable_names_and_utc_times_and_reads_back_equal()
    {
        var manifest = new EvidenceManifest(
            1, "fr-1", "domus-almere-poort", "PL0900-2026-1", "126nf", "RC-2026-77",
            new ManifestAction("Agent de Vries", T), new ManifestAction("Manager Bakker", T.AddHours(1)), "reden",
            ["cam-01"], new ManifestWindow(T, T.AddMinutes(1)), null, "keyframe",
            [new ManifestGap("cam-01", T, T.AddSeconds(10), "missing")],
            [new ManifestFile("cam-01.mp4", 10, new string('a', 64))],
            [new ManifestCamera("cam-01", "cam-01.mp4", T, T.AddMinutes(1), [new ManifestSegment("footage/x.mp4", T, T.AddSeconds(10), 5, new string('b', 64), null, null)])],
            T.AddDays(1), "SHA256:" + new string('c', 64));

        var json = Encoding.UTF8.GetString(EvidenceJson.Serialize(manifest));

        foreach (var name in new[] { "formatVersion", "requestId", "caseNumber", "legalBasis", "authorisation", "requested", "approved", "requestedWindow", "actualWindow", "cutPrecision", "gaps", "files", "sources", "segments", "edgeSha256", "matchesEdge", "generatedAt", "keyFingerprint" })
            Assert.Contains($"\"{name}\":", json, StringComparison.Ordinal);
        Assert.Contains("\"2026-11-20T10:00:02.123Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"actualWindow\": null", json, StringComparison.Ordinal);
        Assert.EndsWith("}\n", json, StringComparison.Ordinal);
        var back = EvidenceJson.Deserialize(Encoding.UTF8.GetBytes(json));
        Assert.Equal(json, Encoding.UTF8.GetString(EvidenceJson.Serialize(back)));
    }
}
