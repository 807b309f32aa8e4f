using CameraBeheer.Domain.Alerts;

namespace CameraBeheer.Grains;

/// <summary>How the zone, gate and camera grains hand a rule that fired to their site's control room.</summary>
/// <remarks>
/// A raise is part of the durable effect of the event that caused it: the grain stores the signal as owed in the same
/// write as the rest of the event's effect, then delivers it, and forgets it only when the control room has it. A
/// failure is never swallowed: the signal stays owed and the grain's timer sends it again. The cause id on each
/// signal lets the control room take it once however often it comes.
/// </remarks>
internal static partial class AlertRaising
{
    /// <summary>The signal of <paramref name="rule"/> firing, caused by <paramref name="cause"/> (an event id, or the moment a threshold was reached).</summary>
    public static AlertSignal Signal(AlertRule rule, string place, string? source, DateTimeOffset at, string cause) =>
        new(rule.Id, place, source, at, cause);

    /// <summary>Hands one signal to the control room; throws when it did not take it.</summary>
    public static async Task RaiseAlertAsync(this IGrainFactory grains, string site, AlertSignal signal)
    {
        AlertCrashHook.BeforeRaising(signal);
        await grains.GetGrain<IControlRoomGrain>(site).RaiseAsync(signal);
    }

    /// <summary>
    /// The desk's workflow alerts (guest overdue, report feedback due, police notification unacknowledged): raised once,
    /// a failure logged and not thrown, as before the outbox. Their grains mark the deadline as alerted first; owing
    /// those alerts too is left for when the desk grains get the same outbox.
    /// </summary>
    public static async Task RaiseAlertAsync(this IGrainFactory grains, string site, AlertRule rule, string place, string? source, DateTimeOffset at, ILogger logger)
    {
        try
        {
            await grains.RaiseAlertAsync(site, new AlertSignal(rule.Id, place, source, at));
        }
        catch (Exception e)
        {
            LogDeskRaiseFailed(logger, e, rule.Id, site, place);
        }
    }

    /// <summary>
    /// Delivers the owed signals in order, removing each from <paramref name="owed"/> once the control room has it.
    /// Stops at the first failure (logged; the rest stays owed for the next try). True when any was delivered: the
    /// owner saves its state again, so a restart does not send what was delivered long after the control room forgot it.
    /// </summary>
    public static async Task<bool> DeliverOwedAsync(this IGrainFactory grains, string site, List<AlertSignal> owed, ILogger logger)
    {
        var delivered = false;
        while (owed.Count > 0)
        {
            var signal = owed[0];
            try
            {
                await grains.RaiseAlertAsync(site, signal);
            }
            catch (Exception e)
            {
                LogRaiseFailed(logger, e, signal.RuleId, site, signal.Place, owed.Count);
                return delivered;
            }
            owed.Remove(signal);
            delivered = true;
        }
        return delivered;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rule {Rule} fired at {Site}/{Place}, but the control room could not take the alert")]
    private static partial void LogDeskRaiseFailed(ILogger logger, Exception exception, string rule, string site, string place);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule {Rule} fired at {Site}/{Place}, but the control room could not take the alert yet; {Owed} alerts stay owed and are sent again")]
    private static partial void LogRaiseFailed(ILogger logger, Exception exception, string rule, string site, string place, int owed);
}
