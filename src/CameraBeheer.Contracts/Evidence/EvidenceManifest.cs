namespace CameraBeheer.Contracts.Evidence;

/// <summary>
/// <c>manifest.json</c> of an evidence package: who asked for what under which law, who approved it, what the package
/// holds, and the chain from camera to export (every source segment with the hash the edge reported at upload and the
/// hash read at export). Serialised by <see cref="EvidenceJson"/>; the field names are a published format, never renamed.
/// </summary>
public sealed record EvidenceManifest(
    int FormatVersion,
    string RequestId,
    string Site,
    string CaseNumber,
    string LegalBasis,
    string? Authorisation,
    ManifestAction Requested,
    ManifestAction Approved,
    string Reason,
    IReadOnlyList<string> Cameras,
    ManifestWindow RequestedWindow,
    ManifestWindow? ActualWindow,
    string CutPrecision,
    IReadOnlyList<ManifestGap> Gaps,
    IReadOnlyList<ManifestFile> Files,
    IReadOnlyList<ManifestCamera> Sources,
    DateTimeOffset GeneratedAt,
    string KeyFingerprint)
{
    /// <summary>The manifest format written now; a reader refuses formats it does not know.</summary>
    public const int CurrentFormat = 1;
}

/// <summary>Who did something, and when.</summary>
public sealed record ManifestAction(string By, DateTimeOffset At);

/// <summary>A time window, [From, To).</summary>
public sealed record ManifestWindow(DateTimeOffset From, DateTimeOffset To);

/// <summary>A stretch of the requested window for which a camera has no footage, and why.</summary>
public sealed record ManifestGap(string Camera, DateTimeOffset From, DateTimeOffset To, string Reason);

/// <summary>A file of the package with its size and SHA-256 (lowercase hex).</summary>
public sealed record ManifestFile(string Name, long Bytes, string Sha256);

/// <summary>One camera's export: its file (null when it had no footage in the window), the first and last instants the
/// file actually shows, and the segments it was cut from.</summary>
public sealed record ManifestCamera(
    string Camera,
    string? File,
    DateTimeOffset? ActualFrom,
    DateTimeOffset? ActualTo,
    IReadOnlyList<ManifestSegment> Segments);

/// <summary>One source segment: its blob, its time span, its size, the SHA-256 of the bytes the export read, the SHA-256
/// the edge reported when it uploaded the segment (null when no report was found), and whether the two agree
/// (null when there was nothing to compare).</summary>
public sealed record ManifestSegment(
    string Object,
    DateTimeOffset Start,
    DateTimeOffset End,
    long Bytes,
    string Sha256,
    string? EdgeSha256,
    bool? MatchesEdge);
