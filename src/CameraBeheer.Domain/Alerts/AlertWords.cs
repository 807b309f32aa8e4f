namespace CameraBeheer.Domain.Alerts;

/// <summary>
/// The words for priorities, outcomes and triggers as the site file, the API and the CLI write them
/// ("high", "street-coach", "motion-continuous"), and the way back.
/// </summary>
public static class AlertWords
{
    public static IReadOnlyDictionary<string, AlertPriority> Priorities { get; } = new Dictionary<string, AlertPriority>(StringComparer.Ordinal)
    {
        ["low"] = AlertPriority.Low,
        ["medium"] = AlertPriority.Medium,
        ["high"] = AlertPriority.High,
        ["critical"] = AlertPriority.Critical,
    };

    public static IReadOnlyDictionary<string, AlertOutcome> Outcomes { get; } = new Dictionary<string, AlertOutcome>(StringComparer.Ordinal)
    {
        ["none"] = AlertOutcome.None,
        ["staff"] = AlertOutcome.Staff,
        ["boa"] = AlertOutcome.Boa,
        ["street-coach"] = AlertOutcome.StreetCoach,
        ["police"] = AlertOutcome.Police,
        ["fire"] = AlertOutcome.Fire,
        ["ambulance"] = AlertOutcome.Ambulance,
    };

    public static IReadOnlyDictionary<string, RuleTrigger> Triggers { get; } = new Dictionary<string, RuleTrigger>(StringComparer.Ordinal)
    {
        ["motion"] = RuleTrigger.Motion,
        ["motion-continuous"] = RuleTrigger.MotionContinuous,
        ["gate-forced"] = RuleTrigger.GateForced,
        ["gate-held-open"] = RuleTrigger.GateHeldOpen,
        ["camera-offline"] = RuleTrigger.CameraOffline,
        ["deadline"] = RuleTrigger.Deadline,
        ["edge-agent"] = RuleTrigger.EdgeAgent,
    };

    public static string Word(this AlertPriority priority) => WordOf(Priorities, priority);

    public static string Word(this AlertOutcome outcome) => WordOf(Outcomes, outcome);

    public static string Word(this RuleTrigger trigger) => WordOf(Triggers, trigger);

    /// <summary>The outcome an operator typed; anything else is an error that lists the allowed words.</summary>
    public static AlertOutcome ParseOutcome(string? word)
    {
        if (word is not null && Outcomes.TryGetValue(word.Trim().ToLowerInvariant(), out var outcome))
            return outcome;
        throw AlertException.InvalidArgument("outcome", $"unknown outcome '{word}' (allowed: {string.Join(", ", Outcomes.Keys)})");
    }

    /// <summary>The priority a caller wrote (e.g. a minimum priority to watch); anything else lists the allowed words.</summary>
    public static AlertPriority ParsePriority(string? word)
    {
        if (word is not null && Priorities.TryGetValue(word.Trim().ToLowerInvariant(), out var priority))
            return priority;
        throw AlertException.InvalidArgument("priority", $"unknown priority '{word}' (allowed: {string.Join(", ", Priorities.Keys)})");
    }

    private static string WordOf<T>(IReadOnlyDictionary<string, T> words, T value) where T : struct, Enum =>
        words.First(pair => EqualityComparer<T>.Default.Equals(pair.Value, value)).Key;
}
