namespace CameraBeheer.Abstractions;

/// <summary>
/// The control room of one site (key: the site id): the alerts the rules raise, their lifecycle New → Acknowledged →
/// Resolved, coalescing of repeated occurrences, escalation of unacknowledged high and critical alerts, and the watchers
/// that receive every change live.
/// </summary>
/// <remarks>
/// Errors a caller can cause (an unknown alert id or outcome, acting on a resolved alert, a note that is too long) are
/// thrown as <see cref="CameraBeheer.Domain.Alerts.AlertException"/>, whose <c>Kind</c> says which gRPC status fits.
/// </remarks>
public interface IControlRoomGrain : IGrainWithStringKey
{
    /// <summary>
    /// A rule fired (called by the zone, gate and camera grains). Opens an alert, or updates the open one of the same rule
    /// and place when its last occurrence is within 5 minutes. Null when the site has no rule with that id, or when a
    /// signal of the same rule, place and cause was taken before (a grain sending again what it owed): taken once only.
    /// </summary>
    Task<AlertChange?> RaiseAsync(AlertSignal signal);

    /// <summary>The alerts that pass <paramref name="filter"/>, oldest first.</summary>
    Task<ImmutableArray<AlertSnapshot>> ListAsync(AlertFilter filter);

    Task<AlertSnapshot> GetAsync(string alertId);

    /// <summary>An operator has seen the alert: escalation stops. Acknowledging an acknowledged alert changes nothing.</summary>
    Task<AlertSnapshot> AcknowledgeAsync(string alertId, string by);

    /// <summary>Closes the alert with its outcome (<c>none</c>, <c>staff</c>, <c>boa</c>, <c>street-coach</c>, <c>police</c>, <c>fire</c>, <c>ambulance</c>) and an optional note of at most 1000 characters.</summary>
    Task<AlertSnapshot> ResolveAsync(string alertId, string by, string outcome, string? note);

    /// <summary>
    /// Subscribes <paramref name="watcher"/> to every change, or renews its subscription. A subscription lapses after
    /// <see cref="AlertWatching.SubscriptionLifetime"/> unless renewed: call again every <see cref="AlertWatching.RenewEvery"/>.
    /// </summary>
    Task SubscribeAsync(IAlertWatcher watcher);

    Task UnsubscribeAsync(IAlertWatcher watcher);
}

/// <summary>
/// Receives the changes of a control room's alerts (an Orleans grain observer). Calls are one-way: the control room
/// never waits for a watcher, so a slow reader cannot hold it up; a watcher that needs to buffer does so itself.
/// </summary>
public interface IAlertWatcher : IResubscribingWatcher
{
    [Orleans.Concurrency.OneWay]
    Task OnAlertChanged(AlertChange change);
}

/// <summary>How long a watcher's subscription lasts, and how often to renew it.</summary>
public static class AlertWatching
{
    /// <summary>A watcher that stops renewing (its process died) is dropped after this long.</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Renewing this often survives a few missed renewals.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromMinutes(1);
}
