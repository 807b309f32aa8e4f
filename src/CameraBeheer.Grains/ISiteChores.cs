namespace CameraBeheer.Grains;

/// <summary>
/// The work the <see cref="SiteClockGrain"/> sets going, done by the silo that holds the clock, outside the clock's turn.
/// The host implements it with its wake-ups, request checks and retention sweeper.
/// </summary>
public interface ISiteChores
{
    /// <summary>
    /// Activates every grain of the site with a rule about time (control room, cameras, gates, zones, the desk), checks
    /// the deadlines of police requests and resumes the exports a lost process cut off.
    /// </summary>
    Task WakeUpAsync(string site, CancellationToken cancellationToken);

    /// <summary>Runs one retention sweep of the site for the reminder tick <paramref name="tick"/>, naming <paramref name="silo"/> as the sweeper.</summary>
    Task SweepAsync(string site, DateTimeOffset tick, string silo, CancellationToken cancellationToken);
}
