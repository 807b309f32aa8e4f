namespace CameraBeheer.Exports;

/// <summary>Where a camera's segments leave the requested window uncovered: every stretch longer than the tolerance
/// becomes a <see cref="FootageGap"/>, so the manifest never passes over missing footage in silence.</summary>
internal static class FootageCoverage
{
    /// <summary>Shorter holes are the jitter between one segment's last frame and the next one's first, not missing footage.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    public const string NoFootageAtAll = "no footage of this camera in the store for the window (camera offline or not recording, or footage deleted)";
    public const string NoFootageBefore = "no footage before the first segment found (camera offline, or segment missing)";
    public const string NoFootageBetween = "no footage between two segments (camera offline, or segment missing)";
    public const string NoFootageAfter = "no footage after the last segment found (camera offline, or not yet uploaded)";

    /// <param name="segments">The segments used, in start order.</param>
    public static List<FootageGap> GapsOf(string camera, IReadOnlyList<FetchedSegment> segments, DateTimeOffset from, DateTimeOffset to)
    {
        var gaps = new List<FootageGap>();
        if (segments.Count == 0)
        {
            gaps.Add(new FootageGap(camera, from, to, NoFootageAtAll));
            return gaps;
        }

        if (segments[0].Start - from > Tolerance)
            gaps.Add(new FootageGap(camera, from, segments[0].Start, NoFootageBefore));

        var coveredUntil = segments[0].End;
        for (var i = 1; i < segments.Count; i++)
        {
            if (segments[i].Start - coveredUntil > Tolerance)
                gaps.Add(new FootageGap(camera, Max(coveredUntil, from), Min(segments[i].Start, to), NoFootageBetween));
            coveredUntil = Max(coveredUntil, segments[i].End);
        }

        if (to - coveredUntil > Tolerance)
            gaps.Add(new FootageGap(camera, Max(coveredUntil, from), to, NoFootageAfter));
        return gaps;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
