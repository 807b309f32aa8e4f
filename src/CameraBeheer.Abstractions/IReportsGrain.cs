namespace CameraBeheer.Abstractions;

/// <summary>
/// Reports (meldingen) from schools, neighbours and businesses (key: the site id), with the 72-hour feedback promise:
/// a report without feedback after 48 hours raises an alert for the manager.
/// </summary>
public interface IReportsGrain : IDeskDataGrain
{
    Task<ReportRecord> AddAsync(NewReport report);

    Task<ReportRecord> AnswerAsync(string reportId, string feedback, string by);

    /// <summary>Links the legal hold a manager placed on the footage the report asked for.</summary>
    Task<ReportRecord> LinkHoldAsync(string reportId, string holdId, string by);

    Task<ImmutableArray<ReportRecord>> ListAsync(bool includeAnswered);
}

[GenerateSerializer, Immutable]
public sealed record NewReport(
    [property: Id(0)] string Organisation,
    [property: Id(1)] string ReporterKind,
    [property: Id(2)] string Contact,
    [property: Id(3)] string What,
    [property: Id(4)] DateTimeOffset? OccurredAt,
    [property: Id(5)] string? Zone,
    [property: Id(6)] bool HoldRequested,
    [property: Id(7)] string By);

[GenerateSerializer, Immutable]
public sealed record ReportRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Organisation,
    [property: Id(2)] string ReporterKind,
    [property: Id(3)] string Contact,
    [property: Id(4)] string What,
    [property: Id(5)] DateTimeOffset OccurredAt,
    [property: Id(6)] string? Zone,
    [property: Id(7)] DateTimeOffset ReceivedAt,
    [property: Id(8)] string RegisteredBy,
    [property: Id(9)] bool HoldRequested,
    [property: Id(10)] string? HoldId = null,
    [property: Id(11)] string? Feedback = null,
    [property: Id(12)] DateTimeOffset? AnsweredAt = null,
    [property: Id(13)] string? AnsweredBy = null,
    [property: Id(14)] bool FeedbackAlerted = false);
