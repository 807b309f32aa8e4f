namespace CameraBeheer.Grains;

/// <summary>The periods the clock registered its reminders with (Orleans' reminder handle does not tell the period).</summary>
[GenerateSerializer]
public sealed class SiteClockState
{
    [Id(0)] public Dictionary<string, TimeSpan> Periods { get; set; } = new(StringComparer.Ordinal);
}
