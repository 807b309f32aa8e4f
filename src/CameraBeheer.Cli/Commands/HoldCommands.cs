using System.CommandLine;
using CameraBeheer.Cli.Input;
using CameraBeheer.Cli.Output;
using CameraBeheer.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>holds list|place|renew|release</c>: legal holds keep footage past the four weeks for a police request or a preservation order.</summary>
internal static class HoldCommands
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var holds = new Command("holds", "Legal holds: footage the law requires keeping longer");
        holds.Add(List(context, global));
        holds.Add(Place(context, global));
        holds.Add(Renew(context, global));
        holds.Add(Release(context, global));
        return holds;
    }

    private static Command List(CliContext context, GlobalOptions global)
    {
        var site = RetentionCommands.SiteOption();
        var all = new Option<bool>("--all") { Description = "Also released and expired holds" };
        var command = new Command("list", "The site's legal holds (manager, admin, police)") { site, all };
        command.SetHandler(context, global, async (run, cancellationToken) =>
        {
            using var client = run.Connect();
            var reply = await client.Retention.ListHoldsAsync(new ListHoldsRequest { Site = RetentionCommands.SiteOf(run, site), IncludeEnded = run.Parse.GetValue(all) },
                deadline: Invocation.Deadline(Invocation.CallTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (reply.Holds.Count == 0)
            {
                run.Context.Error.WriteLine("no legal holds");
                return ExitCodes.Ok;
            }
            var display = run.Display;
            var rows = reply.Holds.Select(h => (IReadOnlyList<string>)
            [
                Display.Clean(h.Id), Display.Clean(h.State), Display.Clean(h.Kind), Display.Clean(string.Join(",", h.Cameras)),
                display.Time(h.From), display.Time(h.To), display.Time(h.Expires), Display.Clean(h.Reference),
            ]).ToList();
            foreach (var line in TextTable.Render(["ID", "STATE", "KIND", "CAMERAS", "FROM", "TO", "EXPIRES", "REFERENCE"], rows))
                run.Context.Out.WriteLine(line);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Place(CliContext context, GlobalOptions global)
    {
        var site = RetentionCommands.SiteOption();
        var cameras = new Option<string>("--cameras") { Description = "Camera ids, comma-separated, e.g. cam-01,cam-02", HelpName = "IDS", Required = true };
        var from = new Option<string>("--from") { Description = $"Start of the held period: {TimeArgument.Forms}", HelpName = "TIME", Required = true };
        var to = new Option<string>("--to") { Description = "End of the held period (exclusive); same forms", HelpName = "TIME", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why this footage must be kept", HelpName = "TEXT", Required = true };
        var reference = new Option<string>("--reference") { Description = "Police case number or the order's reference", HelpName = "REF", Required = true };
        var expires = new Option<string>("--expires") { Description = "When the hold ends (a preservation order: at most 90 days)", HelpName = "TIME", Required = true };
        var kind = new Option<string>("--kind") { Description = "police-request (default) or preservation-order", HelpName = "KIND", DefaultValueFactory = _ => "police-request" };
        var command = new Command("place", "Place a legal hold (manager); recorded in the audit log") { site, cameras, from, to, reason, reference, expires, kind };
        command.SetHandler(context, global, async (run, cancellationToken) =>
        {
            var request = new PlaceHoldRequest
            {
                Site = RetentionCommands.SiteOf(run, site),
                From = Stamp(run, run.Parse.GetValue(from), "--from", latest: false),
                To = Stamp(run, run.Parse.GetValue(to), "--to", latest: true),
                Expires = Stamp(run, run.Parse.GetValue(expires), "--expires", latest: true),
                Kind = Kind(run.Parse.GetValue(kind)),
                Reason = run.Parse.GetValue(reason) ?? "",
                Reference = run.Parse.GetValue(reference) ?? "",
            };
            request.Cameras.AddRange(CameraList(run.Parse.GetValue(cameras)));
            using var client = run.Connect();
            var hold = await client.Retention.PlaceHoldAsync(request, deadline: Invocation.Deadline(Invocation.CallTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
            Print(run, "placed", hold);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Renew(CliContext context, GlobalOptions global)
    {
        var site = RetentionCommands.SiteOption();
        var id = new Argument<string>("ID") { Description = "The hold's id, e.g. hold-2026-3f9a1c2b7d4e" };
        var expires = new Option<string>("--expires") { Description = "The new end of the hold", HelpName = "TIME", Required = true };
        var command = new Command("renew", "Extend a legal hold (manager); recorded in the audit log") { site, id, expires };
        command.SetHandler(context, global, async (run, cancellationToken) =>
        {
            var request = new RenewHoldRequest { Site = RetentionCommands.SiteOf(run, site), Id = HoldId(run.Parse.GetValue(id)), Expires = Stamp(run, run.Parse.GetValue(expires), "--expires", latest: true) };
            using var client = run.Connect();
            var hold = await client.Retention.RenewHoldAsync(request, deadline: Invocation.Deadline(Invocation.CallTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
            Print(run, "renewed", hold);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Release(CliContext context, GlobalOptions global)
    {
        var site = RetentionCommands.SiteOption();
        var id = new Argument<string>("ID") { Description = "The hold's id" };
        var reason = new Option<string>("--reason") { Description = "Why the hold ends (e.g. footage delivered, case closed)", HelpName = "TEXT", Required = true };
        var command = new Command("release", "End a legal hold (manager); what it kept goes at the next sweep; recorded in the audit log") { site, id, reason };
        command.SetHandler(context, global, async (run, cancellationToken) =>
        {
            var request = new ReleaseHoldRequest { Site = RetentionCommands.SiteOf(run, site), Id = HoldId(run.Parse.GetValue(id)), Reason = run.Parse.GetValue(reason) ?? "" };
            using var client = run.Connect();
            var hold = await client.Retention.ReleaseHoldAsync(request, deadline: Invocation.Deadline(Invocation.CallTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
            Print(run, "released", hold);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(Invocation run, string what, LegalHoldInfo hold)
    {
        var display = run.Display;
        run.Context.Out.WriteLine($"{what} {Display.Clean(hold.Id)} ({Display.Clean(hold.State)}, {Display.Clean(hold.Kind)} {Display.Clean(hold.Reference)})");
        run.Context.Out.WriteLine($"  cameras {Display.Clean(string.Join(",", hold.Cameras))}, {display.Time(hold.From)} to {display.Time(hold.To)}, expires {display.Time(hold.Expires)}");
    }

    internal static Timestamp Stamp(Invocation run, string? text, string option, bool latest) =>
        Timestamp.FromDateTimeOffset(TimeArgument.Parse(text, option, run.Context.Now, Display.Amsterdam, latestIfAmbiguous: latest));

    internal static IEnumerable<string> CameraList(string? text)
    {
        var cameras = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (cameras.Length == 0) throw new UsageException("--cameras: name at least one camera, e.g. cam-01,cam-02");
        return cameras.Select(c => Ids.Require(c, "--cameras"));
    }

    private static string HoldId(string? text) => Ids.Require(text, "ID");

    private static string Kind(string? kind) => kind is "police-request" or "preservation-order"
        ? kind
        : throw new UsageException($"--kind: '{Display.Clean(kind)}' is not one of police-request, preservation-order");
}
