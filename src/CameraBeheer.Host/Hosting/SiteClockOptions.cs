namespace CameraBeheer.Host.Hosting;

/// <summary>How often the site clock wakes the site's grains (<c>Cluster:WakeUpInterval</c>).</summary>
public sealed class SiteClockOptions
{
    /// <summary>
    /// Once a minute: the grains' own timers (escalation every 10 s, held-open gates every 5 s) do the fine work while
    /// they are active; this only brings them back after their silo was lost, so a minute bounds that delay.
    /// </summary>
    public TimeSpan WakeUpInterval { get; set; } = TimeSpan.FromMinutes(1);
}
