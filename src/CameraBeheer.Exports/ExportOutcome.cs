namespace CameraBeheer.Exports;

/// <summary>How far one camera's export is: source segments fetched of those found, and their bytes.</summary>
public sealed record CameraExportProgress(string Camera, int SegmentsDone, int SegmentsTotal, long BytesDone);

/// <summary>A file of the finished package, as stored under <c>exports/{request}/</c>.</summary>
public sealed record EvidenceFile(string Name, long Bytes, string Sha256);

/// <summary>A stretch of the requested window a camera has no footage for, and why (also in the manifest).</summary>
public sealed record FootageGap(string Camera, DateTimeOffset From, DateTimeOffset To, string Reason);

/// <summary>A finished package: its files (every file, SHA256SUMS and its signature included), the gaps, and the first
/// and last instants the videos actually show (null when no camera had footage).</summary>
public sealed record ExportOutcome(
    IReadOnlyList<EvidenceFile> Files,
    IReadOnlyList<FootageGap> Gaps,
    DateTimeOffset? ActualFrom,
    DateTimeOffset? ActualTo);
