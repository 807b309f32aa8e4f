namespace CameraBeheer.Domain.WatchWindows;

/// <summary>A moment a watch window starts or ends, in UTC.</summary>
public sealed record WindowTransition(string WindowId, WindowTransitionKind Kind, DateTimeOffset At)
{
    public bool IsStart => Kind == WindowTransitionKind.Start;
}

/// <summary>Whether a window becomes active or stops being active.</summary>
public enum WindowTransitionKind
{
    Start,
    End,
}
