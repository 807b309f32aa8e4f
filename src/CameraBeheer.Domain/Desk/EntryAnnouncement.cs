namespace CameraBeheer.Domain.Desk;

/// <summary>Whether the gate opening was announced: a badge, an intercom call or a guest check-in in the minutes before it.</summary>
public static class EntryAnnouncement
{
    /// <summary>True when one of <paramref name="announcements"/> lies in [<paramref name="opened"/> − <paramref name="window"/>, <paramref name="opened"/>].</summary>
    public static bool IsAnnounced(DateTimeOffset opened, TimeSpan window, IEnumerable<DateTimeOffset> announcements)
    {
        ArgumentNullException.ThrowIfNull(announcements);
        return announcements.Any(a => a <= opened && opened - a <= window);
    }
}
