using System.Globalization;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>retention report</c> and <c>retention sweep</c>: what footage there is, when it goes, and deleting what is due now.</summary>
internal static class RetentionCommands
{
    /// <summary>A sweep of a large store can take minutes.</summary>
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(15);

    public static Command Create() => new("retention", "The four-week rule: what footage there is and when it is deleted") { Report(), Sweep(), EdgeReceipts() };

    private static Command Report()
    {
        var site = CommonOptions.Site();
        var command = new Command("report", "Per camera: oldest footage, segments, bytes, next deletion, legal holds (manager, admin)") { site };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.Retention.ReportAsync(
                new RetentionReportRequest { Site = run.SiteOf(site) }, options), cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            run.Context.Out.WriteLine($"site: {Display.Clean(reply.Site)}   retention: {reply.RetentionDays} days   last sweep: {display.Time(reply.LastSweep)}");
            run.WriteTable(["CAMERA", "OLDEST FOOTAGE", "SEGMENTS", "BYTES", "DELETED BY", "HOLDS"], reply.Cameras, c =>
            [
                Display.Clean(c.Camera), display.Time(c.OldestFootage), c.FootageSegments.ToString(CultureInfo.InvariantCulture),
                Bytes(c.FootageBytes), display.Time(c.NextDeletion), c.Holds.Count == 0 ? Display.Missing : Display.Clean(string.Join(",", c.Holds)),
            ]);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Sweep()
    {
        var site = CommonOptions.Site();
        var command = new Command("sweep", "Delete now what the retention rule says must go, and say what went (admin)") { site };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.Retention.SweepAsync(
                new SweepRequest { Site = run.SiteOf(site) }, options), SweepTimeout, cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            run.Context.Out.WriteLine($"deleted {reply.ObjectsDeleted} objects ({Bytes(reply.BytesDeleted)}) ended before {display.Time(reply.Cutoff)}; kept {reply.ObjectsKeptForHolds} for legal holds");
            run.Context.Out.WriteLine($"receipts: {reply.ReceiptsWritten} in {(reply.ReceiptFiles.Count == 0 ? Display.Missing : Display.Clean(string.Join(", ", reply.ReceiptFiles)))}   storage calls: {reply.StorageCalls}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command EdgeReceipts()
    {
        var site = CommonOptions.Site();
        var command = new Command("edge-receipts", "What each edge agent's own four-week rule deleted: quarantine, spool, journal (manager, admin)") { site };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.Retention.ListEdgeReceiptsAsync(
                new ListEdgeReceiptsRequest { Site = run.SiteOf(site) }, options), cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            if (reply.Receipts.Count == 0)
            {
                // On stdout, unlike the other empty lists (stderr): left as it was, so that nothing reading it breaks.
                run.Context.Out.WriteLine("no edge receipts yet");
                return ExitCodes.Ok;
            }
            string Count(EdgeReceiptInfo r, string kind) =>
                r.Deleted.Where(d => d.Kind == kind).Sum(d => d.Count).ToString(CultureInfo.InvariantCulture);
            run.WriteTable(["AGENT", "RECEIPT", "TIME", "CUTOFF", "QUARANTINE", "SPOOL", "JOURNAL"], reply.Receipts, r =>
            [
                Display.Clean(r.Agent), Display.Clean(r.Id), display.Time(r.Time), display.Time(r.Cutoff),
                Count(r, "quarantine"), Count(r, "spool"), Count(r, "journal"),
            ]);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
