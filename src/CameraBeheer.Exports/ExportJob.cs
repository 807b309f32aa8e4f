namespace CameraBeheer.Exports;

/// <summary>The approved police request an export is made for: what goes into the manifest about the case.</summary>
/// <param name="LegalBasis">"126nd" (demand) or "126nf" (with the examining magistrate's authorisation).</param>
/// <param name="Authorisation">The authorisation reference of a 126nf demand.</param>
public sealed record EvidenceCase(
    string RequestId,
    string Site,
    string CaseNumber,
    string LegalBasis,
    string? Authorisation,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    string ApprovedBy,
    DateTimeOffset ApprovedAt,
    string Reason,
    DateTimeOffset RequestedFrom,
    DateTimeOffset RequestedTo);

/// <summary>One export: the case, its cameras, and the SHA-256 the edge reported for each footage blob it uploaded
/// (blob name → lowercase hex; entries may be missing, e.g. for segments whose message is no longer in the event log).</summary>
public sealed record ExportJob(
    EvidenceCase Case,
    IReadOnlyList<string> Cameras,
    IReadOnlyDictionary<string, string> EdgeSha256ByObject);
