namespace CameraBeheer.Domain.Sites;

/// <summary>How long footage is kept: four weeks by the social management plan, longer only when configured deliberately.</summary>
public sealed record RetentionConfig(int Days, bool AllowLongerThanFourWeeks = false)
{
    /// <summary>"Camerabeelden worden vier weken bewaard": the period the plan promises residents and neighbours.</summary>
    public const int FourWeeks = 28;

    public TimeSpan Period => TimeSpan.FromDays(Days);

    /// <summary>True when the site keeps footage longer than the plan says; the host warns about it at start.</summary>
    public bool IsLongerThanFourWeeks => Days > FourWeeks;
}
