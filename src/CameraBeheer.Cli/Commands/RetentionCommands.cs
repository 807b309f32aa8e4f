using System.CommandLine;
using CameraBeheer.Cli.Input;
using CameraBeheer.Cli.Output;
using CameraBeheer.Contracts.V1;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>retention report</c> and <c>retention sweep</c>: what footage there is, when it goes, and deleting what is due now.</summary>
internal static class RetentionCommands
{
    /// <summary>A sweep of a large store can take minutes.</summary>
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(15);

    public static Command Create(CliContext context, GlobalOptions global)
    {
        var retention = new Command("retention", "The four-week rule: what footage there is and when it is deleted");
        retention.Add(Report(context, global));
        retention.Add(Sweep(context, global));
        retention.Add(EdgeReceipts(context, global));
        return retention;
    }

    private static Command Report(CliContext context, GlobalOptions global)
    {
        var site = SiteOption();
        var command = new Command("report", "Per camera: oldest footage, segments, bytes, next deletion, legal holds (manager, admin)") { site };
        command.SetHandler(context, global, async (run, cancellationToken) =>
        {
            using var client = run.Connect();
            var reply = await client.Retention.ReportAsync(new RetentionReportRequest { Site = SiteOf(run, site) },
                deadline: Invocation.Deadline(Invocation.CallTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            run.Context.Out.WriteLine($"site: {Display.Clean(reply.Site)}   retention: {reply.RetentionDays} days   last sweep: {display.Time(reply.LastSweep)}");
            var rows = reply.Cameras.Select(c => (IReadOnlyList<string>)
            [
                Display.Clean(c.Camera), display.Time(c.OldestFootage), c.FootageSegments.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Bytes(c.FootageBytes), display.Time(c.NextDeletion), c.Holds.Count == 0 ? Display.Missing : Display.Clean(string.Join(",", c.Holds)),
            ]).ToList();
            foreach (var line in TextTable.Render(["CAMERA", "OLDEST FOOTAGE", "SEGMENTS", "BYTES", "DELETED BY", "HOLDS"], rows))
                run.Context.Out.WriteLine(line);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Sweep(CliContext context, GlobalOptions global)
    {
        var site = SiteOption();
        var command = new Command("sweep", "Delete now what the retention rule says must go, and say what went (admin)") { site };
        command.SetHandler(context, global, async (run, cancellationToken) =>
        {
            using var client = run.Connect();
            var reply = await client.Retention.SweepAsync(new SweepRequest { Site = SiteOf(run, site) },
                deadline: Invocation.Deadline(SweepTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            run.Context.Out.WriteLine($"deleted {reply.ObjectsDeleted} objects ({Bytes(reply.BytesDeleted)}) ended before {display.Time(reply.Cutoff)}; kept {reply.ObjectsKeptForHolds} for legal holds");
            run.Context.Out.WriteLine($"receipts: {reply.ReceiptsWritten} in {(reply.ReceiptFiles.Count == 0 ? Display.Missing : Display.Clean(string.Join(", ", reply.ReceiptFiles)))}   storage calls: {reply.StorageCalls}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command EdgeReceipts(CliContext context, GlobalOptions global)
    {
        var site = SiteOption();
        var command = new Command("edge-receipts", "What each edge agent's own four-week rule deleted: quarantine, spool, journal (manager, admin)") { site };
        command.SetHandler(context, global, async (run, cancellationToken) =>
        {
            using var client = run.Connect();
            var reply = await client.Retention.ListEdgeReceiptsAsync(new ListEdgeReceiptsRequest { Site = SiteOf(run, site) },
                deadline: Invocation.Deadline(Invocation.CallTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            if (reply.Receipts.Count == 0)
            {
                run.Context.Out.WriteLine("no edge receipts yet");
                return ExitCodes.Ok;
            }
            string Count(EdgeReceiptInfo r, string kind) =>
                r.Deleted.Where(d => d.Kind == kind).Sum(d => d.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var rows = reply.Receipts.Select(r => (IReadOnlyList<string>)
            [
                Display.Clean(r.Agent), Display.Clean(r.Id), display.Time(r.Time), display.Time(r.Cutoff),
                Count(r, "quarantine"), Count(r, "spool"), Count(r, "journal"),
            ]).ToList();
            foreach (var line in TextTable.Render(["AGENT", "RECEIPT", "TIME", "CUTOFF", "QUARANTINE", "SPOOL", "JOURNAL"], rows))
                run.Context.Out.WriteLine(line);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static Option<string?> SiteOption() => new("--site") { Description = "Site id (default: the server's site)", HelpName = "SITE" };

    internal static string SiteOf(Invocation run, Option<string?> site) => run.Parse.GetValue(site) is { } s ? Ids.Require(s, "--site") : "";

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
