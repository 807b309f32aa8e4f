namespace CameraBeheer.Domain.WatchWindows;

/// <summary>One stretch during which a watch window is active, in UTC: from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive).</summary>
public sealed record WindowOccurrence(string WindowId, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The real length, which differs from the local clock's on a night when daylight saving time changes.</summary>
    public TimeSpan Duration => End - Start;

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;
}
