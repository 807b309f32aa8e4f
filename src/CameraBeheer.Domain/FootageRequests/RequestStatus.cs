namespace CameraBeheer.Domain.FootageRequests;

/// <summary>Where a police footage request stands.</summary>
/// <remarks>
/// Submitted → Approved | Rejected; Approved → Exporting → Ready → Downloaded → Closed; Exporting → Failed → Exporting
/// (a retry). Submitted → Cancelled (by the requester) or Expired (not reviewed in time). A preservation order stays
/// Approved (held, never exported) until it is closed. Saved by number: add new values at the end, never reorder.
/// </remarks>
public enum RequestStatus
{
    Submitted,
    Approved,
    Rejected,
    Exporting,
    Ready,
    Downloaded,
    Closed,
    Cancelled,
    Expired,
    Failed,
}

public static class RequestStatusWords
{
    public static string Word(this RequestStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>True when nothing more can happen to the request.</summary>
    public static bool IsFinal(this RequestStatus status) =>
        status is RequestStatus.Rejected or RequestStatus.Closed or RequestStatus.Cancelled or RequestStatus.Expired;
}
