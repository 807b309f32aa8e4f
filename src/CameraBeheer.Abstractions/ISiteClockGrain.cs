namespace CameraBeheer.Abstractions;

/// <summary>
/// The clock of one site (key: the site id): durable reminders that make the work which must happen once per cluster
/// happen once, on whichever silo holds the clock, and go on when a silo is lost. A minute reminder wakes every grain
/// with rules about time (their timers run only while they are active); a retention reminder runs the sweep.
/// </summary>
public interface ISiteClockGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the reminders unless they already run with these periods (every silo calls this at start; the first
    /// registration wins, later ones change nothing), then wakes the site's grains at once.
    /// </summary>
    Task StartAsync(SiteClockSchedule schedule);

    /// <summary>The reminders as registered and what the clock did in this activation.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<SiteClockSnapshot> GetAsync();
}

/// <summary>How often the clock wakes the site, how often it sweeps, and when the first sweep of a new clock runs.</summary>
[GenerateSerializer, Immutable]
public sealed record SiteClockSchedule(
    [property: Id(0)] TimeSpan WakeUpEvery,
    [property: Id(1)] TimeSpan SweepEvery,
    [property: Id(2)] TimeSpan FirstSweepAfter);

/// <summary>One registered reminder of the clock.</summary>
[GenerateSerializer, Immutable]
public sealed record SiteClockReminder([property: Id(0)] string Name, [property: Id(1)] TimeSpan Period);

/// <summary>What the clock holds: its reminders, and since its activation the wake-ups and sweeps it started or skipped.</summary>
[GenerateSerializer, Immutable]
public sealed record SiteClockSnapshot(
    [property: Id(0)] ImmutableArray<SiteClockReminder> Reminders,
    [property: Id(1)] string Silo,
    [property: Id(2)] int WakeUps,
    [property: Id(3)] int SweepsStarted,
    [property: Id(4)] int SweepsSkipped,
    [property: Id(5)] bool Sweeping,
    [property: Id(6)] DateTimeOffset? LastSweepStarted);
