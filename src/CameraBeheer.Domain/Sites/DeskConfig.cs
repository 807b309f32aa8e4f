namespace CameraBeheer.Domain.Sites;

/// <summary>The gate desk's settings from the site file (section <c>desk</c>): when no time-outs are given, the guests' night cut-off, and how long before an opening of the gate a badge, intercom call or check-in counts.</summary>
public sealed record DeskConfig(IReadOnlyList<NoTimeOutWindow> NoTimeOutWindows, TimeOnly GuestNightCutoff, TimeSpan UnannouncedEntryWindow)
{
    /// <summary>22:00: the plan wants guests gone before the night; the site file may say otherwise.</summary>
    public static readonly TimeOnly DefaultNightCutoff = new(22, 0);

    /// <summary>Two minutes: time enough to walk from the desk to the gate after checking a guest in.</summary>
    public static readonly TimeSpan DefaultUnannouncedEntryWindow = TimeSpan.FromMinutes(2);

    /// <summary>A site file without a <c>desk</c> section: no window forbids time-outs, the default cut-off and entry window.</summary>
    public static DeskConfig Default { get; } = new([], DefaultNightCutoff, DefaultUnannouncedEntryWindow);
}

/// <summary>A watch window during which no time-outs are given, and the reason staff are told ("pupils arriving").</summary>
public sealed record NoTimeOutWindow(string Window, string Reason);
