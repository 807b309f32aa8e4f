namespace CameraBeheer.Grains;

/// <summary>
/// The causes a control room took, per alert: a signal whose rule, place and cause it already took is a redelivery
/// (a grain sends what it owes until it hears the control room has it) and changes nothing. Bounded: a cause is
/// forgotten with its alert (the retention period after resolving), and an alert keeps its newest
/// <see cref="PerAlert"/> causes only; a redelivery comes within minutes, long before either.
/// </summary>
/// <remarks>The lists are the control room's saved state; the index is rebuilt from them at activation.</remarks>
internal sealed class TakenCauses
{
    /// <summary>Enough for every occurrence of a busy zone's alert within the 5 minutes a redelivery can take.</summary>
    public const int PerAlert = 256;

    private readonly Dictionary<string, List<string>> _byAlert;
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public TakenCauses(Dictionary<string, List<string>> byAlert)
    {
        _byAlert = byAlert;
        foreach (var key in byAlert.Values.SelectMany(keys => keys))
            _taken.Add(key);
    }

    /// <summary>The key of a signal's cause: the same cause may fire two rules, or one rule in two zones.</summary>
    public static string Key(string rule, string place, string cause) => $"{rule}|{place}|{cause}";

    public bool Contains(string key) => _taken.Contains(key);

    public void Take(string alertId, string key)
    {
        if (!_byAlert.TryGetValue(alertId, out var keys)) _byAlert[alertId] = keys = [];
        keys.Add(key);
        _taken.Add(key);
        if (keys.Count <= PerAlert) return;
        _taken.Remove(keys[0]);
        keys.RemoveAt(0);
    }

    public void Forget(string alertId)
    {
        if (!_byAlert.Remove(alertId, out var keys)) return;
        foreach (var key in keys)
            _taken.Remove(key);
    }
}
