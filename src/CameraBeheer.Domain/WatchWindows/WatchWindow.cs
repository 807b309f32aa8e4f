using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Domain.WatchWindows;

/// <summary>A named daily stretch of local time when a rule applies; it may run over midnight (e.g. the night 23:00–06:00).</summary>
/// <remarks>
/// Start is inclusive and End exclusive. When End is earlier than Start the window runs until End on the next day.
/// <see cref="Days"/> says on which days the window <em>starts</em>: a night window that starts on a Friday runs into
/// Saturday morning whether or not Saturday is one of its days.
/// The site file marks a window over midnight with <c>"overnight": true</c> (<see cref="WatchWindowConfig.Overnight"/>).
/// </remarks>
public sealed record WatchWindow
{
    public WatchWindow(string id, string name, TimeOnly start, TimeOnly end, WindowDays days)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(days);
        // Equal times could mean "never" or "all day"; neither is worth a window, so refuse rather than guess.
        if (start == end)
            throw new ArgumentException($"watch window '{id}' starts and ends at {start:HH\\:mm}: give different times", nameof(end));
        Id = id;
        Name = name;
        Start = start;
        End = end;
        Days = days;
    }

    public string Id { get; }

    public string Name { get; }

    public TimeOnly Start { get; }

    public TimeOnly End { get; }

    public WindowDays Days { get; }

    /// <summary>True when the window ends on the day after it starts.</summary>
    public bool CrossesMidnight => End < Start;

    public static WatchWindow FromConfig(WatchWindowConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new WatchWindow(config.Id, config.Name, config.Start, config.End, config.Days);
    }

    public override string ToString() => $"{Id} {Start:HH\\:mm}–{End:HH\\:mm} on {Days}";
}
