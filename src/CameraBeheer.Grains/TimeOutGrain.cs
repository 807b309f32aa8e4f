using CameraBeheer.Domain.Alerts;
using CameraBeheer.Domain.Desk;
using CameraBeheer.Domain.Sites;
using Orleans.Utilities;

namespace CameraBeheer.Grains;

/// <summary>The durable time-outs of a site and their police notifications, until their retention period has passed.</summary>
[GenerateSerializer]
public sealed class TimeOutState
{
    [Id(0)] public List<TimeOutRecord> TimeOuts { get; set; } = [];

    [Id(1)] public List<PoliceNotificationRecord> Notifications { get; set; } = [];

    [Id(2)] public long LastTimeOut { get; set; }

    [Id(3)] public long LastNotification { get; set; }
}

/// <summary>
/// Starts and ends time-outs by <see cref="TimeOutRules"/>, reports each to the police (a notification pushed to the
/// police watchers), and on a timer on the silo's <see cref="TimeProvider"/> raises the alerts for a time-out still open
/// at the end of its day and a notification the police have not acknowledged within 30 minutes.
/// </summary>
public sealed class TimeOutGrain(
    [PersistentState("timeouts", StorageNames.Default)] IPersistentState<TimeOutState> state,
    SiteConfiguration site,
    TimeProvider time,
    ILogger<TimeOutGrain> logger) : Grain, ITimeOutGrain
{
    /// <summary>The police acknowledge a notification within this time, or the control room hears of it.</summary>
    public static readonly TimeSpan AcknowledgeWithin = TimeSpan.FromMinutes(30);

    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(30);

    /// <summary>The reason categories the police may see; the staff's own words stay in the house.</summary>
    public static readonly ImmutableArray<string> Categories = ["aggression", "drugs-or-alcohol", "house-rules", "other"];

    private readonly TimeOutRules _rules = new(site);
    private readonly DeskRetention _retention = DeskRetention.For(site.Retention);
    private ObserverManager<IPoliceNotificationWatcher> _watchers = null!;
    private string _site = "";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _site = this.GetPrimaryKeyString();
        _watchers = new ObserverManager<IPoliceNotificationWatcher>(AlertWatching.SubscriptionLifetime, logger)
        {
            GetDateTime = () => time.GetUtcNow().UtcDateTime,
        };
        this.RegisterGrainTimer(CheckAsync, new GrainTimerCreationOptions(CheckInterval, CheckInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    // The police watchers' subscriptions go with this activation: they subscribe again at once and catch up.
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _watchers.Notify(w => w.OnSubscriptionEnded());

    public async Task<TimeOutRecord> StartAsync(TimeOutStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var now = time.GetUtcNow();
        var residentId = DeskIds.Require(start.Resident, DeskIds.Resident, "resident", "r-07");
        var reason = DeskText.Text(start.Reason, "reason");
        if (!Categories.Contains(start.Category))
            throw DeskException.Invalid("category", $"category: '{start.Category}' is not one of {string.Join(", ", Categories)}");
        _rules.CheckDuration(now, start.ExpectedDuration);
        var overrideReason = DeskText.Text(start.OverrideReason, "override_reason", optional: true);
        var resident = await GrainFactory.PresentResidentAsync(_site, residentId, "resident");
        if (state.State.TimeOuts.FirstOrDefault(t => t.IsOpen && t.Resident == resident.Id) is { } open)
            throw DeskException.NotNow($"resident: {resident.Id} is already on time-out ({open.Id}); end it first", "resident");
        if (_rules.WindowRefusal(now) is { } refusal)
        {
            if (overrideReason.Length == 0 || !start.MayOverride) throw DeskException.NotNow(refusal.Message);
        }
        else
        {
            // An override outside a window would record a decision nobody had to take.
            overrideReason = "";
        }

        var timeOut = new TimeOutRecord(DeskIds.Make(DeskIds.TimeOut, state.State.LastTimeOut + 1), resident.Id, resident.Name, reason, start.Category,
            now, start.By, now + start.ExpectedDuration, overrideReason.Length == 0 ? null : overrideReason,
            DeskIds.Make(DeskIds.Notification, state.State.LastNotification + 1));
        var notification = new PoliceNotificationRecord(timeOut.NotificationId, timeOut.Id, resident.Name, now, timeOut.ExpectedReturn, start.Category, now);
        state.State.LastTimeOut++;
        state.State.LastNotification++;
        state.State.TimeOuts.Add(timeOut);
        state.State.Notifications.Add(notification);
        await state.SaveOrForgetAsync();
        await PushAsync(notification);
        return timeOut;
    }

    public async Task<TimeOutRecord> EndAsync(string timeOutId, string by)
    {
        var id = DeskIds.Require(timeOutId, DeskIds.TimeOut, "id", "t-0007");
        var index = state.State.TimeOuts.IndexOf(t => t.Id == id, "id", $"id: there is no time-out '{id}'");
        var timeOut = state.State.TimeOuts[index];
        if (!timeOut.IsOpen) throw DeskException.NotNow($"id: {id} has already ended", "id");
        return await state.ChangeAsync(state.State.TimeOuts, index, timeOut with { EndedAt = time.GetUtcNow(), EndedBy = by });
    }

    public Task<ImmutableArray<TimeOutRecord>> ListAsync(bool includeEnded) =>
        Task.FromResult(state.State.TimeOuts.Where(t => includeEnded || t.IsOpen).OrderBy(t => t.StartedAt).ToImmutableArray());

    public Task<ImmutableArray<string>> ResidentsAwayAsync() =>
        Task.FromResult(state.State.TimeOuts.Where(t => t.IsOpen).Select(t => t.Resident).Distinct().ToImmutableArray());

    public Task<ImmutableArray<PoliceNotificationRecord>> NotificationsAsync(bool includeAcknowledged) =>
        Task.FromResult(state.State.Notifications.Where(n => includeAcknowledged || n.AcknowledgedAt is null).OrderBy(n => n.CreatedAt).ToImmutableArray());

    public async Task MarkDeliveredAsync(string notificationId, string to)
    {
        var index = state.State.Notifications.FindIndex(n => n.Id == notificationId);
        if (index < 0 || state.State.Notifications[index].DeliveredAt is not null) return;
        state.State.Notifications[index] = state.State.Notifications[index] with { DeliveredAt = time.GetUtcNow(), DeliveredTo = to };
        await state.SaveOrForgetAsync();
    }

    public async Task<PoliceNotificationRecord> AcknowledgeAsync(string notificationId, string by)
    {
        var id = DeskIds.Require(notificationId, DeskIds.Notification, "id", "pn-0007");
        var index = state.State.Notifications.IndexOf(n => n.Id == id, "id", $"id: there is no police notification '{id}'");
        var notification = state.State.Notifications[index];
        if (notification.AcknowledgedAt is not null) throw DeskException.NotNow($"id: {id} was already acknowledged by {notification.AcknowledgedBy}", "id");
        var now = time.GetUtcNow();
        var acknowledged = await state.ChangeAsync(state.State.Notifications, index,
            notification with { AcknowledgedAt = now, AcknowledgedBy = by, DeliveredAt = notification.DeliveredAt ?? now, DeliveredTo = notification.DeliveredTo ?? by });
        await PushAsync(acknowledged);
        return acknowledged;
    }

    public Task SubscribeAsync(IPoliceNotificationWatcher watcher)
    {
        _watchers.Subscribe(watcher, watcher);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IPoliceNotificationWatcher watcher)
    {
        _watchers.Unsubscribe(watcher);
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<EndedItem>> DueForDeletionAsync()
    {
        var now = time.GetUtcNow();
        // A notification goes with its time-out: it is about that time-out and nothing else.
        return Task.FromResult(state.State.TimeOuts
            .Where(t => _retention.IsDue(t.EndedAt, now))
            .SelectMany(t => new[] { new EndedItem(t.Id, "time-out", t.EndedAt!.Value), new EndedItem(t.NotificationId, "police-notification", t.EndedAt!.Value) })
            .ToImmutableArray());
    }

    public async Task ForgetAsync(ImmutableArray<string> ids)
    {
        var gone = state.State.TimeOuts.Where(t => ids.Contains(t.Id) && !t.IsOpen).ToList();
        if (gone.Count == 0) return;
        state.State.TimeOuts.RemoveAll(gone.Contains);
        state.State.Notifications.RemoveAll(n => gone.Any(t => t.NotificationId == n.Id));
        await state.SaveOrForgetAsync();
    }

    private Task PushAsync(PoliceNotificationRecord notification) => _watchers.Notify(w => w.OnNotification(notification));

    /// <summary>Raises each due alert once, as of its deadline; the flags are saved before the alerts are raised.</summary>
    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        _watchers.ClearExpired();
        var now = time.GetUtcNow();
        var alerts = new List<(AlertRule Rule, string Place, DateTimeOffset At)>();
        for (var i = 0; i < state.State.TimeOuts.Count; i++)
        {
            var t = state.State.TimeOuts[i];
            var endOfDay = _rules.EndOfDay(t.StartedAt);
            if (!t.IsOpen || t.EndOfDayAlerted || now < endOfDay) continue;
            state.State.TimeOuts[i] = t with { EndOfDayAlerted = true };
            alerts.Add((WorkflowRules.TimeOutOpenAtEndOfDay, t.Id, endOfDay));
        }
        for (var i = 0; i < state.State.Notifications.Count; i++)
        {
            var n = state.State.Notifications[i];
            var deadline = n.CreatedAt + AcknowledgeWithin;
            if (n.AcknowledgedAt is not null || n.UnacknowledgedAlerted || now < deadline) continue;
            state.State.Notifications[i] = n with { UnacknowledgedAlerted = true };
            alerts.Add((WorkflowRules.PoliceNotificationUnacknowledged, n.Id, deadline));
        }
        await state.SaveThenRaiseAsync(GrainFactory, _site, alerts, logger, cancellationToken);
    }
}
