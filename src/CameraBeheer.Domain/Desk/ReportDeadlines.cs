namespace CameraBeheer.Domain.Desk;

/// <summary>"Medewerkers laten binnen 72 uur weten hoe er naar aanleiding van de melding gehandeld is": the feedback promise on a report.</summary>
public static class ReportDeadlines
{
    /// <summary>The plan's promise to schools, neighbours and businesses.</summary>
    public static readonly TimeSpan FeedbackWithin = TimeSpan.FromHours(72);

    /// <summary>When the manager is alerted: a day before the promise is broken, time enough to act.</summary>
    public static readonly TimeSpan AlertAfter = TimeSpan.FromHours(48);

    public static DateTimeOffset FeedbackDue(DateTimeOffset received) => received + FeedbackWithin;

    public static DateTimeOffset AlertAt(DateTimeOffset received) => received + AlertAfter;

    /// <summary>Time left to give feedback; negative once the promise is broken.</summary>
    public static TimeSpan TimeLeft(DateTimeOffset received, DateTimeOffset now) => FeedbackDue(received) - now;
}
