namespace CameraBeheer.Abstractions;

/// <summary>
/// The time-outs of a site's residents (key: the site id) and their notifications to the police. A time-out is refused
/// inside a no-time-out window unless a manager overrides it with a reason; each one is reported to the police, who
/// acknowledge it; an unacknowledged notification after 30 minutes and a time-out open at the end of the day raise alerts.
/// </summary>
public interface ITimeOutGrain : IDeskDataGrain
{
    Task<TimeOutRecord> StartAsync(TimeOutStart start);

    Task<TimeOutRecord> EndAsync(string timeOutId, string by);

    Task<ImmutableArray<TimeOutRecord>> ListAsync(bool includeEnded);

    /// <summary>The residents on time-out now.</summary>
    Task<ImmutableArray<string>> ResidentsAwayAsync();

    Task<ImmutableArray<PoliceNotificationRecord>> NotificationsAsync(bool includeAcknowledged);

    /// <summary>A police watcher received the notification on its stream.</summary>
    Task MarkDeliveredAsync(string notificationId, string to);

    Task<PoliceNotificationRecord> AcknowledgeAsync(string notificationId, string by);

    /// <summary>Subscribes or renews a police watcher; it lapses after <see cref="AlertWatching.SubscriptionLifetime"/> unless renewed.</summary>
    Task SubscribeAsync(IPoliceNotificationWatcher watcher);

    Task UnsubscribeAsync(IPoliceNotificationWatcher watcher);
}

/// <summary>Receives new and changed police notifications (an Orleans grain observer; one-way, never waited for).</summary>
public interface IPoliceNotificationWatcher : IResubscribingWatcher
{
    [Orleans.Concurrency.OneWay]
    Task OnNotification(PoliceNotificationRecord notification);
}

/// <summary>What staff enter to start a time-out; a manager may override a no-time-out window with a reason.</summary>
[GenerateSerializer, Immutable]
public sealed record TimeOutStart(
    [property: Id(0)] string Resident,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Category,
    [property: Id(3)] TimeSpan ExpectedDuration,
    [property: Id(4)] string? OverrideReason,
    [property: Id(5)] string By,
    [property: Id(6)] bool MayOverride);

[GenerateSerializer, Immutable]
public sealed record TimeOutRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Resident,
    [property: Id(2)] string ResidentName,
    [property: Id(3)] string Reason,
    [property: Id(4)] string Category,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] string StartedBy,
    [property: Id(7)] DateTimeOffset ExpectedReturn,
    [property: Id(8)] string? OverrideReason,
    [property: Id(9)] string NotificationId,
    [property: Id(10)] DateTimeOffset? EndedAt = null,
    [property: Id(11)] string? EndedBy = null,
    [property: Id(12)] bool EndOfDayAlerted = false)
{
    public bool IsOpen => EndedAt is null;
}

/// <summary>
/// What the police are told of a time-out: the plan requires the resident's name, the start, the expected return and
/// the reason category, nothing more (not the staff's free-text reason).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PoliceNotificationRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string TimeOutId,
    [property: Id(2)] string ResidentName,
    [property: Id(3)] DateTimeOffset Start,
    [property: Id(4)] DateTimeOffset ExpectedReturn,
    [property: Id(5)] string Category,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset? DeliveredAt = null,
    [property: Id(8)] string? DeliveredTo = null,
    [property: Id(9)] DateTimeOffset? AcknowledgedAt = null,
    [property: Id(10)] string? AcknowledgedBy = null,
    [property: Id(11)] bool UnacknowledgedAlerted = false)
{
    /// <summary>pending (not yet on a police stream), delivered, or acknowledged.</summary>
    public string State => AcknowledgedAt is not null ? "acknowledged" : DeliveredAt is not null ? "delivered" : "pending";
}
