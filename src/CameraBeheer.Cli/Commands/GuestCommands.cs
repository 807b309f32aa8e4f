using Google.Protobuf.WellKnownTypes;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>guests checkin|checkout|onsite|history</c>: the guest register at the gate (staff, manager).</summary>
internal static class GuestCommands
{
    public static Command Create() => new("guests", "Guests of residents: check in before, check out after") { CheckIn(), CheckOut(), OnSite(), History() };

    private static Command CheckIn()
    {
        var site = CommonOptions.Site();
        var name = new Option<string>("--name") { Description = "The guest's name, as on the ID", HelpName = "NAME", Required = true };
        var visiting = new Option<string>("--visiting") { Description = "The resident visited, e.g. r-07", HelpName = "RESIDENT", Required = true };
        var until = new Option<string?>("--until") { Description = "When the guest expects to leave: 18:00 (today) or a full time", HelpName = "TIME" };
        var idChecked = new Option<bool>("--id-checked") { Description = "The guest's ID was checked" };
        var command = new Command("checkin", "Check a guest in; prints the visit id first") { site, name, visiting, until, idChecked };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new CheckInRequest
            {
                Site = run.SiteOf(site),
                GuestName = run.Parse.GetValue(name) ?? "",
                Visiting = DeskIds.Require(run.Parse.GetValue(visiting), "r", "--visiting", "r-07"),
                IdChecked = run.Parse.GetValue(idChecked),
            };
            if (run.Parse.GetValue(until) is { } leave)
                request.ExpectedLeave = Timestamp.FromDateTimeOffset(ClockTime.Parse(leave, "--until", run.Context.Now, Display.Amsterdam));
            var visit = await run.CallAsync((client, options) => client.Guests.CheckInAsync(request, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine(Display.Clean(visit.Id));
            run.Context.Out.WriteLine($"  {Display.Clean(visit.GuestName)} visiting {Display.Clean(visit.Visiting)} ({Display.Clean(visit.ResidentName)}) since {run.Display.Time(visit.CheckedInAt)}"
                + (visit.ExpectedLeave is null ? "" : $", until {run.Display.Time(visit.ExpectedLeave)}") + (visit.IdChecked ? ", ID checked" : ", ID not checked"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CheckOut()
    {
        var site = CommonOptions.Site();
        var visit = new Argument<string>("VISIT") { Description = "The visit id, e.g. v-0042" };
        var command = new Command("checkout", "Check a guest out") { site, visit };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new CheckOutRequest { Site = run.SiteOf(site), Visit = DeskIds.Require(run.Parse.GetValue(visit), "v", "VISIT", "v-0042") };
            var closed = await run.CallAsync((client, options) => client.Guests.CheckOutAsync(request, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine($"checked out {Display.Clean(closed.Id)} {Display.Clean(closed.GuestName)} at {run.Display.Time(closed.CheckedOutAt)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command OnSite()
    {
        var site = CommonOptions.Site();
        var command = new Command("onsite", "The guests on site now, since when, visiting whom; overdue ones marked") { site };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.Guests.OnSiteAsync(
                new OnSiteRequest { Site = run.SiteOf(site) }, options), cancellationToken).ConfigureAwait(false);
            return Table(run, reply.Visits, "no guests on site", includeOut: false);
        });
        return command;
    }

    private static Command History()
    {
        var site = CommonOptions.Site();
        var from = new Option<string>("--from") { Description = $"Start: {TimeArgument.Forms}", HelpName = "TIME", Required = true };
        var to = new Option<string>("--to") { Description = "End (exclusive); same forms", HelpName = "TIME", Required = true };
        var command = new Command("history", "The visits in a time range (at most 31 days)") { site, from, to };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new GuestHistoryRequest
            {
                Site = run.SiteOf(site),
                From = run.TimeOf(from, latest: false),
                To = run.TimeOf(to, latest: true),
            };
            var reply = await run.CallAsync((client, options) => client.Guests.HistoryAsync(request, options), cancellationToken).ConfigureAwait(false);
            return Table(run, reply.Visits, "no visits in that range", includeOut: true);
        });
        return command;
    }

    private static int Table(Invocation run, IReadOnlyCollection<VisitInfo> visits, string none, bool includeOut)
    {
        var display = run.Display;
        return run.WriteList(visits, none, ["VISIT", "GUEST", "VISITING", "IN", includeOut ? "OUT" : "UNTIL", "ID", ""], v =>
        [
            Display.Clean(v.Id), Display.Clean(v.GuestName), $"{Display.Clean(v.Visiting)} {Display.Clean(v.ResidentName)}",
            display.Time(v.CheckedInAt), includeOut ? display.Time(v.CheckedOutAt) : display.Time(v.ExpectedLeave),
            v.IdChecked ? "yes" : "no", v.OverdueSince is null ? "" : $"OVERDUE since {display.Time(v.OverdueSince)}",
        ]);
    }
}
