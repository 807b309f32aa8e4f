namespace CameraBeheer.Domain.Alerts;

/// <summary>
/// The built-in technical rules about the edge agents. Every site has them, whatever its file says: a dead agent, lost
/// events or refused footage are never a local preference to switch off. The place of such an alert is the agent's name.
/// </summary>
public static class TechnicalRules
{
    /// <summary>An edge agent went away (its MQTT will, or a clean goodbye): its cameras and gates are offline with it.</summary>
    public static readonly AlertRule EdgeOffline = Rule("edge-offline", AlertPriority.High,
        "Edge-agent is offline: zijn camera's en poorten leveren geen beelden of gebeurtenissen meer");

    /// <summary>An edge agent dropped events or spooled footage it could not keep (its figures grew).</summary>
    public static readonly AlertRule EdgeDropped = Rule("edge-dropped", AlertPriority.High,
        "Edge-agent heeft gebeurtenissen of beelden verloren die niet bewaard konden worden");

    /// <summary>An edge agent refuses new footage: the disk it writes footage to is below its minimum free space.</summary>
    public static readonly AlertRule EdgeDiskFull = Rule("edge-disk-full", AlertPriority.High,
        "Edge-agent weigert nieuwe beelden: de schijf voor beelden is (bijna) vol");

    public static IReadOnlyList<AlertRule> All { get; } = [EdgeOffline, EdgeDropped, EdgeDiskFull];

    public static AlertRule? Find(string id) => All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));

    private static AlertRule Rule(string id, AlertPriority priority, string text) => new(id, RuleTrigger.EdgeAgent, priority, text);
}
