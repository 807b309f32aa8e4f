namespace CameraBeheer.Domain.Alerts;

/// <summary>How long a high or critical alert may stay unacknowledged before it is escalated (site file: <c>escalation.afterMinutes</c>).</summary>
public sealed record EscalationPolicy(TimeSpan After)
{
    public static EscalationPolicy Default { get; } = new(TimeSpan.FromMinutes(3));
}
