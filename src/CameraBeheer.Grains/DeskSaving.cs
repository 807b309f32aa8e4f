using CameraBeheer.Domain.Alerts;
using CameraBeheer.Domain.Desk;

namespace CameraBeheer.Grains;

/// <summary>How the desk grains find a record, make a change durable before they answer, and raise their checks' alerts.</summary>
internal static class DeskSaving
{
    /// <summary>
    /// Writes the state; when the write fails, the stored state is read back so that the grain forgets the change it
    /// could not keep, and the caller gets the failure (never an answer about a change that is not stored).
    /// </summary>
    public static async Task SaveOrForgetAsync<T>(this IPersistentState<T> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }

    /// <summary>Where the record stands in its list, or the NOT_FOUND refusal for <paramref name="field"/> ("id: there is no report 'rp-0007'").</summary>
    public static int IndexOf<TRecord>(this List<TRecord> records, Predicate<TRecord> match, string field, string notFound)
    {
        var index = records.FindIndex(match);
        return index >= 0 ? index : throw DeskException.NotFound(field, notFound);
    }

    /// <summary>Puts the changed record in its place and saves (<see cref="SaveOrForgetAsync{T}"/>); answers the record as stored.</summary>
    public static async Task<TRecord> ChangeAsync<T, TRecord>(this IPersistentState<T> state, List<TRecord> records, int index, TRecord changed)
    {
        records[index] = changed;
        await state.SaveOrForgetAsync();
        return changed;
    }

    /// <summary>
    /// The end of a desk grain's check: the flags of the alerts found due are saved first, then each alert is raised as of
    /// its deadline, so an alert is raised once and never before its flag is stored.
    /// </summary>
    public static async Task SaveThenRaiseAsync<T>(this IPersistentState<T> state, IGrainFactory grains, string site,
        IReadOnlyCollection<(AlertRule Rule, string Place, DateTimeOffset At)> alerts, ILogger logger, CancellationToken cancellationToken)
    {
        if (alerts.Count == 0) return;
        await state.WriteStateAsync(cancellationToken);
        foreach (var (rule, place, at) in alerts)
            await grains.RaiseAlertAsync(site, rule, place, null, at, logger);
    }

    /// <summary>The records that ended more than the retention period ago, as the items a desk sweep deletes.</summary>
    public static ImmutableArray<EndedItem> DueForDeletion<TRecord>(this DeskRetention retention, IEnumerable<TRecord> records, DateTimeOffset now,
        string kind, Func<TRecord, string> id, Func<TRecord, DateTimeOffset?> ended) =>
        [.. records.Where(r => retention.IsDue(ended(r), now)).Select(r => new EndedItem(id(r), kind, ended(r)!.Value))];
}
