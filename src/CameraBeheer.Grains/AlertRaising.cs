using CameraBeheer.Abstractions;
using CameraBeheer.Domain.Alerts;
using Microsoft.Extensions.Logging;

namespace CameraBeheer.Grains;

/// <summary>How the zone, gate and camera grains hand a rule that fired to their site's control room.</summary>
internal static partial class AlertRaising
{
    /// <summary>
    /// Raises the alert; a failure is logged, not thrown. The event that made the rule fire is already stored: failing the
    /// caller would make the edge send it again, and the event log would then drop it as a duplicate without a second try.
    /// </summary>
    public static async Task RaiseAlertAsync(this IGrainFactory grains, string site, AlertRule rule, string place, string? source, DateTimeOffset at, ILogger logger)
    {
        try
        {
            await grains.GetGrain<IControlRoomGrain>(site).RaiseAsync(new AlertSignal(rule.Id, place, source, at));
        }
        catch (Exception e)
        {
            LogRaiseFailed(logger, e, rule.Id, site, place);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rule {Rule} fired at {Site}/{Place}, but the control room could not take the alert")]
    private static partial void LogRaiseFailed(ILogger logger, Exception exception, string rule, string site, string place);
}
