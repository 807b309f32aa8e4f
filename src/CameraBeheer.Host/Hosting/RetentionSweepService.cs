using CameraBeheer.Domain.Retention;
using CameraBeheer.Storage.Retention;

namespace CameraBeheer.Host.Hosting;

/// <summary>How often retention sweeps (section <c>Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// Every 5 minutes: with a sweep well under 10 minutes, nothing outlives its end by more than the period + 15 minutes.
    /// A reminder of the site clock: at least <c>Cluster:MinimumReminderPeriod</c> (1 minute unless lowered).
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The first sweep of a newly registered clock (a fresh cluster, or a localhost silo's start): soon, so retention runs after a restart without any grain having been called.</summary>
    public TimeSpan FirstSweepAfter { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Runs the retention sweep of the site when the site clock's retention reminder says so (once per interval across the
/// cluster, on the silo that holds the clock), and on request (gRPC <c>Retention/Sweep</c>, on the silo that took the call).
/// </summary>
public sealed partial class RetentionSweepService(
    SiteConfiguration site,
    IGrainFactory grains,
    RetentionSweeper sweeper,
    TimeProvider time,
    Exports.ExportStorage exports,
    Microsoft.Extensions.Options.IOptions<RetentionOptions> options,
    ILogger<RetentionSweepService> logger,
    Grains.DeskRetentionSweeper? deskSweeper = null,
    RetentionMetrics? metrics = null)
{
    public RetentionPolicy Policy { get; } = RetentionPolicy.For(site.Retention);

    /// <summary>The last completed sweep, for the retention report.</summary>
    public SweepResult? LastSweep { get; private set; }

    /// <summary>The desk's part of the last sweep: visits, time-outs, notifications, reports and residents deleted.</summary>
    public Grains.DeskSweepResult? LastDeskSweep { get; private set; }

    public async Task<SweepResult> SweepNowAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var result = await SweepAsync(cancellationToken);
            metrics?.Swept(result, started);
            return result;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics?.Failed(started);
            throw;
        }
    }

    private async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        if (deskSweeper is not null) await SweepDeskAsync(deskSweeper, cancellationToken);

        var holds = await grains.GetGrain<ILegalHoldsGrain>(site.Site.Id).ListAsync(includeEnded: false);
        var result = await sweeper.SweepAsync(site.Site.Id, Policy, [.. holds.Select(h => h.ToDomain())], cancellationToken);
        result = await SweepExportsAsync(result, cancellationToken);
        LastSweep = result;
        if (result.ObjectsDeleted + result.EventLinesDeleted > 0)
            logger.LogInformation("Retention sweep: deleted {Objects} objects ({Bytes} bytes) and {Lines} event lines older than {Cutoff:O}; {Kept} kept for legal holds; receipts in {Receipts}",
                result.ObjectsDeleted, result.BytesDeleted, result.EventLinesDeleted, result.Cutoff, result.KeptForHolds, string.Join(", ", result.ReceiptFiles));
        return result;
    }

    /// <summary>
    /// Deletes the evidence packages whose download period ended (14 days after they were ready, or when the request was
    /// closed), each with a receipt, and tells the request; counted in the sweep's result like footage.
    /// </summary>
    private async Task<SweepResult> SweepExportsAsync(SweepResult result, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var request in await grains.GetGrain<IFootageRequestIndexGrain>(site.Site.Id).ListAsync())
        {
            if (!request.ExportExpired(now)) continue;
            var rule = request.Status == Domain.FootageRequests.RequestStatus.Closed ? "export-request-closed" : "export-download-period-ended";
            var deleted = await exports.DeleteAsync(site.Site.Id, request.Id, rule, cancellationToken);
            await grains.GetGrain<IFootageRequestGrain>(request.Id).ExportDeletedAsync();
            result = result with
            {
                ObjectsDeleted = result.ObjectsDeleted + deleted.ObjectsDeleted,
                BytesDeleted = result.BytesDeleted + deleted.BytesDeleted,
                ReceiptsWritten = result.ReceiptsWritten + deleted.ReceiptsWritten,
                ReceiptFiles = [.. result.ReceiptFiles.Union(deleted.ReceiptFiles)],
                StorageCalls = result.StorageCalls + deleted.StorageCalls,
            };
        }
        return result;
    }

    /// <summary>The sweep of one tick of the site clock, logged with the tick and the silo that ran it (one sweeper per tick).</summary>
    public async Task SweepForClockAsync(DateTimeOffset tick, string silo, CancellationToken cancellationToken)
    {
        LogSweepStarted(logger, site.Site.Id, tick, silo);
        try
        {
            var result = await SweepNowAsync(cancellationToken);
            LogSweepFinished(logger, site.Site.Id, tick, silo, result.ObjectsDeleted, result.EventLinesDeleted, result.ReceiptsWritten);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed sweep is finished by the next one: deleting is idempotent.
            logger.LogError(e, "The retention sweep failed; it runs again in {Interval}", options.Value.SweepInterval);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep of site {Site} for tick {Tick:O} started on silo {Silo}")]
    private static partial void LogSweepStarted(ILogger logger, string site, DateTimeOffset tick, string silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep of site {Site} for tick {Tick:O} finished on silo {Silo}: {Objects} objects and {Lines} event lines deleted, {Receipts} receipts written")]
    private static partial void LogSweepFinished(ILogger logger, string site, DateTimeOffset tick, string silo, long objects, long lines, int receipts);

    // The desk's personal data goes by the same period and on the same timer as the footage, with its own receipts.
    private async Task SweepDeskAsync(Grains.DeskRetentionSweeper desk, CancellationToken cancellationToken)
    {
        var result = await desk.SweepAsync(site.Site.Id, cancellationToken);
        LastDeskSweep = result;
        if (result.Total > 0)
            logger.LogInformation("Retention sweep of the desk: deleted {Items}; receipts in {Receipts}",
                string.Join(", ", result.Deleted.Select(d => $"{d.Value} {d.Key}")), string.Join(", ", result.ReceiptFiles));
    }
}
