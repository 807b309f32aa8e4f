using CameraBeheer.Domain.Desk;
using CameraBeheer.Domain.Sites;
using CameraBeheer.Storage.Retention;

namespace CameraBeheer.Grains;

/// <summary>What a desk sweep deleted: per kind of data, the items gone, and the receipt files written.</summary>
public sealed record DeskSweepResult(IReadOnlyDictionary<string, int> Deleted, IReadOnlyList<string> ReceiptFiles)
{
    public int Total => Deleted.Values.Sum();
}

/// <summary>
/// The desk's part of the retention sweep: residents removed, visits checked out, time-outs ended (with their police
/// notifications) and reports answered more than the retention period ago are deleted, each batch after its receipt.
/// </summary>
public sealed class DeskRetentionSweeper(IGrainFactory grains, IBlobStore store, SiteConfiguration site, TimeProvider time)
{
    private readonly RetentionReceipts _receipts = new(store);

    public async Task<DeskSweepResult> SweepAsync(string siteId, CancellationToken cancellationToken)
    {
        var rule = $"desk-personal-data-{DeskRetention.For(site.Retention).Period.TotalDays:0}-days";
        var deleted = new Dictionary<string, int>(StringComparer.Ordinal);
        var files = new List<string>();
        IDeskDataGrain[] holders =
        [
            grains.GetGrain<IGuestRegisterGrain>(siteId), grains.GetGrain<ITimeOutGrain>(siteId),
            grains.GetGrain<IReportsGrain>(siteId), grains.GetGrain<IResidentsGrain>(siteId),
        ];
        foreach (var holder in holders)
        {
            var due = await holder.DueForDeletionAsync();
            if (due.IsEmpty) continue;
            var now = time.GetUtcNow();
            foreach (var kind in due.GroupBy(item => item.Kind))
            {
                var items = kind.ToList();
                var receipt = new DeletionReceipt(now, rule, kind.Key, "desk", Domain.Retention.RetentionPolicy.HourOf(now),
                    items.Min(i => i.Ended), items.Max(i => i.Ended), [.. items.Select(i => i.Id)], items.Count, 0);
                var file = await _receipts.WriteAsync(siteId, receipt, cancellationToken);
                if (!files.Contains(file)) files.Add(file);
                deleted[kind.Key] = deleted.GetValueOrDefault(kind.Key) + items.Count;
            }
            await holder.ForgetAsync([.. due.Select(item => item.Id)]);
        }
        return new DeskSweepResult(deleted, files);
    }
}
