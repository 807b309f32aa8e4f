
namespace CameraBeheer.Cli.Commands;

/// <summary><c>holds list|place|renew|release</c>: legal holds keep footage past the four weeks for a police request or a preservation order.</summary>
internal static class HoldCommands
{
    public static Command Create() => new("holds", "Legal holds: footage the law requires keeping longer") { List(), Place(), Renew(), Release() };

    private static Command List()
    {
        var site = CommonOptions.Site();
        var all = CommonOptions.All("Also released and expired holds");
        var command = new Command("list", "The site's legal holds (manager, admin, police)") { site, all };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.Retention.ListHoldsAsync(
                new ListHoldsRequest { Site = run.SiteOf(site), IncludeEnded = run.Parse.GetValue(all) }, options), cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            return run.WriteList(reply.Holds, "no legal holds", ["ID", "STATE", "KIND", "CAMERAS", "FROM", "TO", "EXPIRES", "REFERENCE"], h =>
            [
                Display.Clean(h.Id), Display.Clean(h.State), Display.Clean(h.Kind), Display.Clean(string.Join(",", h.Cameras)),
                display.Time(h.From), display.Time(h.To), display.Time(h.Expires), Display.Clean(h.Reference),
            ]);
        });
        return command;
    }

    private static Command Place()
    {
        var site = CommonOptions.Site();
        var cameras = new Option<string>("--cameras") { Description = "Camera ids, comma-separated, e.g. cam-01,cam-02", HelpName = "IDS", Required = true };
        var from = new Option<string>("--from") { Description = $"Start of the held period: {TimeArgument.Forms}", HelpName = "TIME", Required = true };
        var to = new Option<string>("--to") { Description = "End of the held period (exclusive); same forms", HelpName = "TIME", Required = true };
        var reason = CommonOptions.Reason("Why this footage must be kept", required: true);
        var reference = new Option<string>("--reference") { Description = "Police case number or the order's reference", HelpName = "REF", Required = true };
        var expires = new Option<string>("--expires") { Description = "When the hold ends (a preservation order: at most 90 days)", HelpName = "TIME", Required = true };
        var kind = new Option<string>("--kind") { Description = "police-request (default) or preservation-order", HelpName = "KIND", DefaultValueFactory = _ => "police-request" };
        var command = new Command("place", "Place a legal hold (manager); recorded in the audit log") { site, cameras, from, to, reason, reference, expires, kind };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new PlaceHoldRequest
            {
                Site = run.SiteOf(site),
                From = run.TimeOf(from, latest: false),
                To = run.TimeOf(to, latest: true),
                Expires = run.TimeOf(expires, latest: true),
                Kind = Kind(run.Parse.GetValue(kind)),
                Reason = run.Parse.GetValue(reason) ?? "",
                Reference = run.Parse.GetValue(reference) ?? "",
            };
            request.Cameras.AddRange(CameraList(run.Parse.GetValue(cameras)));
            var hold = await run.CallAsync((client, options) => client.Retention.PlaceHoldAsync(request, options), cancellationToken).ConfigureAwait(false);
            Print(run, "placed", hold);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Renew()
    {
        var site = CommonOptions.Site();
        var id = new Argument<string>("ID") { Description = "The hold's id, e.g. hold-2026-3f9a1c2b7d4e" };
        var expires = new Option<string>("--expires") { Description = "The new end of the hold", HelpName = "TIME", Required = true };
        var command = new Command("renew", "Extend a legal hold (manager); recorded in the audit log") { site, id, expires };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new RenewHoldRequest { Site = run.SiteOf(site), Id = HoldId(run.Parse.GetValue(id)), Expires = run.TimeOf(expires, latest: true) };
            var hold = await run.CallAsync((client, options) => client.Retention.RenewHoldAsync(request, options), cancellationToken).ConfigureAwait(false);
            Print(run, "renewed", hold);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Release()
    {
        var site = CommonOptions.Site();
        var id = new Argument<string>("ID") { Description = "The hold's id" };
        var reason = CommonOptions.Reason("Why the hold ends (e.g. footage delivered, case closed)", required: true);
        var command = new Command("release", "End a legal hold (manager); what it kept goes at the next sweep; recorded in the audit log") { site, id, reason };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new ReleaseHoldRequest { Site = run.SiteOf(site), Id = HoldId(run.Parse.GetValue(id)), Reason = run.Parse.GetValue(reason) ?? "" };
            var hold = await run.CallAsync((client, options) => client.Retention.ReleaseHoldAsync(request, options), cancellationToken).ConfigureAwait(false);
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

    internal static IEnumerable<string> CameraList(string? text)
    {
        var cameras = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (cameras.Length == 0) throw new UsageException("--cameras: name at least one camera, e.g. cam-01,cam-02");
        return cameras.Select(c => Ids.Require(c, "--cameras"));
    }

    private static string HoldId(string? text) => Ids.Require(text, "ID");

    private static string Kind(string? kind) => Choice.Require(kind, "--kind", ["police-request", "preservation-order"]);
}
