using System.Collections.Immutable;

namespace CameraBeheer.Domain.FootageRequests;

/// <summary>
/// A police request for footage and everything that happened to it. Made by <see cref="FootageRequestSubmission.Check"/>;
/// every change is a method that checks the rules of the law and the four-eyes principle and returns the request after
/// the change, with the step (who, when, why) appended to <see cref="History"/>. All instants are UTC.
/// </summary>
/// <remarks>Plain init properties so that the state round-trips through JSON; only the methods below change it.</remarks>
public sealed record FootageRequest
{
    public required string Id { get; init; }
    public required string Site { get; init; }
    public required string Case { get; init; }
    public required LegalBasis Basis { get; init; }

    /// <summary>The examining magistrate's authorisation reference (126nf only).</summary>
    public string? Authorisation { get; init; }

    /// <summary>An urgent oral demand: to be confirmed in writing within three days.</summary>
    public bool Urgent { get; init; }

    public DateTimeOffset? ConfirmedInWritingAt { get; init; }
    public string? ConfirmedBy { get; init; }
    public string? ConfirmationReference { get; init; }

    public required ImmutableArray<string> Cameras { get; init; }

    /// <summary>The zone the officer asked for, when they asked for a zone rather than cameras.</summary>
    public string? Zone { get; init; }

    /// <summary>The camera views that feed <see cref="Zone"/> (e.g. <c>dome-04 preset 1</c>).</summary>
    public ImmutableArray<string> ZoneFeeds { get; init; } = [];

    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }

    /// <summary>Where footage can begin: <see cref="From"/>, or the retention cutoff at submission when part of the window was older.</summary>
    public required DateTimeOffset AvailableFrom { get; init; }

    public required string Reason { get; init; }
    public required string RequestedBy { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>A preservation order's own expiry (126ni).</summary>
    public DateTimeOffset? OrderExpires { get; init; }

    public required RequestStatus Status { get; init; }
    public required ImmutableArray<RequestStep> History { get; init; }

    /// <summary>The legal hold that keeps the footage while the request runs.</summary>
    public string? HoldId { get; init; }

    public string? ReviewedBy { get; init; }
    public DateTimeOffset? ReviewedAt { get; init; }

    public ImmutableArray<ExportedFile> Files { get; init; } = [];
    public ImmutableArray<FootageGapNote> Gaps { get; init; } = [];
    public DateTimeOffset? ActualFrom { get; init; }
    public DateTimeOffset? ActualTo { get; init; }
    public DateTimeOffset? ExportExpires { get; init; }
    public DateTimeOffset? ExportDeletedAt { get; init; }
    public string? FailureReason { get; init; }
    public int ExportAttempts { get; init; }

    public bool ReviewAlertRaised { get; init; }
    public bool ConfirmationAlertRaised { get; init; }

    /// <summary>The part of the window older than the retention period at submission, in words; null when all of it could exist.</summary>
    public string? MissingPart => AvailableFrom > From
        ? $"footage from {FootageRequestText.Instant(From)} to {FootageRequestText.Instant(AvailableFrom)} no longer existed when the request was made: four-week rule"
        : null;

    /// <summary><c>fr-{year}-{12 hex digits}</c>: random, so that no counter is shared between hosts; a valid id.</summary>
    public static string NewId(DateTimeOffset now) => $"fr-{now.UtcDateTime.Year:D4}-{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>True for a well-formed request id (<c>fr-2026-0a1b2c3d4e5f</c>), to refuse garbage before any lookup.</summary>
    public static bool IsId(string? id) =>
        id is { Length: 20 } && id.StartsWith("fr-", StringComparison.Ordinal) && id[3..7].All(char.IsAsciiDigit) && id[7] == '-'
        && id[8..].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public DateTimeOffset ReviewDeadline(FootageRequestPolicy policy) => RequestedAt + policy.ReviewWithin;

    public DateTimeOffset ConfirmationDeadline(FootageRequestPolicy policy) => RequestedAt + policy.WrittenConfirmationWithin;

    /// <summary>True when the confirmation of an urgent oral demand is overdue.</summary>
    public bool ConfirmationOverdue(FootageRequestPolicy policy, DateTimeOffset now) =>
        Urgent && ConfirmedInWritingAt is null && !Status.IsFinal() && now >= ConfirmationDeadline(policy);

    /// <summary>A manager approves: four eyes, so never the person who submitted. A demand starts its export at once.</summary>
    public FootageRequest Approve(RequestActor by, string? reason, FootageRequestPolicy policy, DateTimeOffset now)
    {
        RequireStatus("approved", RequestStatus.Submitted);
        RequireNotExpired(policy, now);
        RequireOtherThanRequester(by, "approve");
        var why = FootageRequestText.Required(reason, "reason", FootageRequestText.MaxReasonLength, "say why the request is lawful and proportionate");
        var approved = Step(RequestStatus.Approved, by, why, now) with { ReviewedBy = by.Name, ReviewedAt = now };
        return Basis == LegalBasis.PreservationOrder
            ? approved
            : approved.Step(RequestStatus.Exporting, RequestActor.System, "export started after approval", now) with { ExportAttempts = 1 };
    }

    public FootageRequest Reject(RequestActor by, string? reason, DateTimeOffset now)
    {
        RequireStatus("rejected", RequestStatus.Submitted);
        RequireOtherThanRequester(by, "reject");
        var why = FootageRequestText.Required(reason, "reason", FootageRequestText.MaxReasonLength, "say why the request is refused; the officer reads it");
        return Step(RequestStatus.Rejected, by, why, now) with { ReviewedBy = by.Name, ReviewedAt = now };
    }

    /// <summary>The requesting officer withdraws the request before any export.</summary>
    public FootageRequest Cancel(RequestActor by, string? reason, DateTimeOffset now)
    {
        if (!SamePerson(by.Name, RequestedBy))
            throw FootageRequestException.Denied($"only {RequestedBy}, who submitted {Id}, can cancel it");
        if (!(Status == RequestStatus.Submitted || (Status == RequestStatus.Approved && Basis == LegalBasis.PreservationOrder)))
            throw NotNow("cancelled", "only a request that has not been exported can be cancelled; close it instead");
        return Step(RequestStatus.Cancelled, by, string.IsNullOrWhiteSpace(reason) ? "cancelled by the requester" : FootageRequestText.Required(reason, "reason", FootageRequestText.MaxReasonLength, ""), now);
    }

    /// <summary>The request was not reviewed in time: it expires, and its hold is released.</summary>
    public FootageRequest Expire(FootageRequestPolicy policy, DateTimeOffset now)
    {
        RequireStatus("expired", RequestStatus.Submitted);
        if (now < ReviewDeadline(policy))
            throw NotNow("expired", $"it may be reviewed until {FootageRequestText.Instant(ReviewDeadline(policy))}");
        return Step(RequestStatus.Expired, RequestActor.System, $"not reviewed within {FootageRequestText.Span(policy.ReviewWithin)}", now);
    }

    public FootageRequest ExportSucceeded(IEnumerable<ExportedFile> files, IEnumerable<FootageGapNote> gaps, DateTimeOffset? actualFrom, DateTimeOffset? actualTo,
        FootageRequestPolicy policy, DateTimeOffset now)
    {
        RequireStatus("made ready", RequestStatus.Exporting);
        var gapList = gaps.ToImmutableArray();
        var note = gapList.IsEmpty ? "evidence package ready" : $"evidence package ready; {gapList.Length} gap(s) in the footage listed in the manifest";
        return Step(RequestStatus.Ready, RequestActor.System, note, now) with
        {
            Files = [.. files],
            Gaps = gapList,
            ActualFrom = actualFrom,
            ActualTo = actualTo,
            ExportExpires = now + policy.ExportKeptFor,
            FailureReason = null,
        };
    }

    public FootageRequest ExportFailed(string reason, DateTimeOffset now)
    {
        RequireStatus("marked failed", RequestStatus.Exporting);
        return Step(RequestStatus.Failed, RequestActor.System, reason, now) with { FailureReason = reason };
    }

    /// <summary>A manager (or the requester) tries a failed export again.</summary>
    public FootageRequest Retry(RequestActor by, DateTimeOffset now)
    {
        RequireStatus("retried", RequestStatus.Failed);
        return Step(RequestStatus.Exporting, by, "export retried", now) with { ExportAttempts = ExportAttempts + 1 };
    }

    /// <summary>Who may download: the requesting officer, or a manager for the handover. Nobody once the export is gone.</summary>
    public void RequireMayDownload(RequestActor by, DateTimeOffset now)
    {
        if (!(by.Role == "manager" || (by.Role == "police" && SamePerson(by.Name, RequestedBy))))
            throw FootageRequestException.Denied($"only {RequestedBy}, who requested {Id}, or a manager may download its export");
        if (ExportDeletedAt is { } deleted)
            throw NotNow("downloaded", $"its export was deleted on {FootageRequestText.Instant(deleted)}, when it expired (a deletion receipt records it)");
        if (Status is not (RequestStatus.Ready or RequestStatus.Downloaded))
            throw NotNow("downloaded", Status == RequestStatus.Exporting ? "the export is still running" : "there is no export to download");
        if (ExportExpires is { } expires && now >= expires)
            throw NotNow("downloaded", $"its export expired on {FootageRequestText.Instant(expires)}");
    }

    /// <summary>The first complete download moves the request to Downloaded; later ones only go into the audit log.</summary>
    public FootageRequest Downloaded(RequestActor by, string reason, DateTimeOffset now) =>
        Status == RequestStatus.Ready ? Step(RequestStatus.Downloaded, by, reason, now) : this;

    /// <summary>
    /// Ends the request: a demand's hold is released and its export goes at the next sweep; a preservation order's hold
    /// stays until the order expires (see <see cref="ReleasesHoldOnClose"/>).
    /// </summary>
    public FootageRequest Close(RequestActor by, string? reason, DateTimeOffset now)
    {
        if (by.Role == "police" && !SamePerson(by.Name, RequestedBy))
            throw FootageRequestException.Denied($"only {RequestedBy}, who submitted {Id}, or a manager can close it");
        if (Status is not (RequestStatus.Ready or RequestStatus.Downloaded or RequestStatus.Failed)
            && !(Status == RequestStatus.Approved && Basis == LegalBasis.PreservationOrder))
            throw NotNow("closed", Status == RequestStatus.Submitted ? "it has not been reviewed; cancel or reject it instead" : "only an exported, failed or preserved request can be closed");
        var why = string.IsNullOrWhiteSpace(reason) ? "closed" : FootageRequestText.Required(reason, "reason", FootageRequestText.MaxReasonLength, "");
        var closed = Step(RequestStatus.Closed, by, why, now);
        return ExportExpires is { } expires && expires > now ? closed with { ExportExpires = now } : closed;
    }

    /// <summary>The written confirmation of an urgent oral demand has arrived.</summary>
    public FootageRequest ConfirmInWriting(RequestActor by, string? reference, DateTimeOffset now)
    {
        if (!Urgent)
            throw NotNow("confirmed in writing", "it was not an urgent oral demand");
        if (ConfirmedInWritingAt is not null)
            throw NotNow("confirmed in writing", $"it was confirmed on {FootageRequestText.Instant(ConfirmedInWritingAt.Value)} by {ConfirmedBy}");
        var reference2 = FootageRequestText.Required(reference, "reference", FootageRequestSubmission.MaxAuthorisationLength, "give the reference of the written demand");
        return this with
        {
            ConfirmedInWritingAt = now,
            ConfirmedBy = by.Name,
            ConfirmationReference = reference2,
            History = History.Add(new RequestStep(Status, now, by.Name, by.Role, $"written confirmation received: {reference2}")),
        };
    }

    public FootageRequest ExportDeleted(DateTimeOffset now) => this with { ExportDeletedAt = now };

    /// <summary>True when the request just ended in a way that frees its footage.</summary>
    public bool ReleasesHoldOnClose => Basis != LegalBasis.PreservationOrder;

    /// <summary>Whether the officer or a manager may read this request.</summary>
    public bool IsVisibleTo(RequestActor by) => by.Role != "police" || SamePerson(by.Name, RequestedBy);

    /// <summary>The deadline alerts that are due now and not raised yet.</summary>
    public IReadOnlyList<string> DueAlerts(FootageRequestPolicy policy, DateTimeOffset now)
    {
        var due = new List<string>();
        // Past the review deadline the request expires instead: an alert about it would be stale.
        if (Status == RequestStatus.Submitted && !ReviewAlertRaised && now >= RequestedAt + policy.ReviewAlertAfter && now < ReviewDeadline(policy))
            due.Add(Alerts.WorkflowRules.FootageRequestUnreviewed.Id);
        if (!ConfirmationAlertRaised && ConfirmationOverdue(policy, now))
            due.Add(Alerts.WorkflowRules.FootageRequestConfirmationOverdue.Id);
        return due;
    }

    public FootageRequest AlertRaised(string ruleId) => ruleId == Alerts.WorkflowRules.FootageRequestUnreviewed.Id
        ? this with { ReviewAlertRaised = true }
        : this with { ConfirmationAlertRaised = true };

    private FootageRequest Step(RequestStatus status, RequestActor by, string reason, DateTimeOffset now) =>
        this with { Status = status, History = History.Add(new RequestStep(status, now, by.Name, by.Role, reason)) };

    private void RequireStatus(string action, RequestStatus required)
    {
        if (Status != required)
            throw NotNow(action, $"it is {Status.Word()}");
    }

    private void RequireNotExpired(FootageRequestPolicy policy, DateTimeOffset now)
    {
        if (now >= ReviewDeadline(policy))
            throw NotNow("approved", $"it was not reviewed within {FootageRequestText.Span(policy.ReviewWithin)} (by {FootageRequestText.Instant(ReviewDeadline(policy))}); the officer must submit it again");
    }

    private void RequireOtherThanRequester(RequestActor by, string action)
    {
        if (by.Role != "manager")
            throw FootageRequestException.Denied($"only a manager may {action} a police request; this is {by.Role} {by.Name}");
        if (SamePerson(by.Name, RequestedBy))
            throw FootageRequestException.Denied($"four-eyes rule: {RequestedBy} submitted {Id} and cannot {action} it; another manager must");
    }

    private FootageRequestException NotNow(string action, string why) => FootageRequestException.Rule($"request {Id} cannot be {action}: {why}");

    // Names that differ only in case or spacing (a doubled or non-breaking space) are one person: a second token
    // spelled "Agent  Jansen" must not pass the four-eyes rule for Agent Jansen's request.
    /// <summary>True when two names are the same person's: case and runs of white space do not make another person.</summary>
    public static bool SamePerson(string a, string b) => string.Equals(PersonName(a), PersonName(b), StringComparison.OrdinalIgnoreCase);

    private static string PersonName(string name) => string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
