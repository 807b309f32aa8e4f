using SharpFuzz;

namespace CameraBeheer.Fuzz;

/// <summary>The fuzz targets by the names fuzz/run.sh and fuzz/corpus/ use.</summary>
internal static class FuzzTargets
{
    private static readonly Dictionary<string, ReadOnlySpanAction> All = new(StringComparer.Ordinal)
    {
        ["edge-message"] = EdgeMessageDecoderTarget.Run,
        ["site-file"] = SiteFileTarget.Run,
        ["gate-line"] = GateLineTarget.Run,
        ["evidence-package"] = EvidencePackageTarget.Run,
    };

    public static IEnumerable<string> Names => All.Keys;

    public static ReadOnlySpanAction? Find(string? name) => name is not null && All.TryGetValue(name, out var target) ? target : null;
}
