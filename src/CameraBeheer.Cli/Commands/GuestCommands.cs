using System.CommandLine;
using CameraBeheer.Cli.Input;
using CameraBeheer.Cli.Output;
using CameraBeheer.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>guests checkin|checkout|onsite|history</c>: the guest register at the gate (staff, manager).</summary>
internal static class GuestCommands
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var guests = new Command("guests", "Guests of residents: check in before, check out after");
        guests.Add(CheckIn(context, global));
        guests.Add(CheckOut(context, global));
        guests.Add(OnSite(context, global));
        guests.Add(History(context, global));
        return guests;
    }

    private static Command CheckIn(CliContext context, GlobalOptions global)
    {
        var site = RetentionCommands.SiteOption();
        var name = new Option<string>("--name") { Description = "The guest's name, as on the ID", HelpName = "NAME", Required = true };
        var visiting = new Option<string>("--visiting") { Description = "The resident visited, e.g. r-07", HelpName = "RESIDENT", Required = true };
        var until = new Option<string?>("--until") { Description = "When the guest expects to leave: 18:00 (today) or a full time", HelpName = "TIME" };
        var idChecked = new Option<bool>("--id-checked") { Description = "The guest's ID was checked" };
        var command = new Command("checkin", "Check a guest in; prints the visit id first") { site, name, visiting, until, idChecked };
        command.SetHandler(context, global, async (run, cancellationToken) =>
        {
            var request = new CheckInRequest
            {
                Site = RetentionCommands.SiteOf(run, site),
                GuestName = run.Parse.GetValue(name) ?? "",
                Visiting = DeskIds.Require(run.Parse.GetValue(visiting), "r", "--visiting", "r-07"),
                IdChecked = run.Parse.GetValue(idChecked),
            };
            if (run.Parse.GetValue(until) is { } leave)
                request.ExpectedLeave = Timestamp.FromDateTimeOffset(ClockTime.Parse(leave, "--until", run.Context.Now, Display.Amsterdam));
            using var client = run.Connect();
            var visit = await client.Guests.CheckInAsync(request, deadline: Invocation.Deadline(Invocation.CallTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine(Display.Clean(visit.Id));
            run.Context.Out.WriteLine($"  {Display.Clean(visit.GuestName)} visiting {Display.Clean(visit.Visiting)} ({Display.Clean(visit.ResidentName)}) since {run.Display.Time(visit.CheckedInAt)}"
                + (visit.ExpectedLeave is null ? "" : $", until {run.Display.Time(visit.ExpectedLeave)}") + (visit.IdChecked ? ", ID checked" : ", ID not checked"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CheckOut(CliContext context, GlobalOptions global)
    {
        var site = RetentionCommands.SiteOption();
        var visit = new Argument<string>("VISIT") { Description = "The visit id, e.g. v-0042" };
        var command = new Command("checkout", "Check a guest out") { site, visit };
        command.SetHandler(context, global, async (run, cancellationToken) =>
        {
            var request = new CheckOutRequest { Site = RetentionCommands.SiteOf(run, site), Visit = DeskIds.Require(run.Parse.GetValue(visit), "v", "VISIT", "v-0042") };
            using var client = run.Connect();
            var closed = await client.Guests.CheckOutAsync(request, deadline: Invocation.Deadline(Invocation.CallTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine($"checked out {Display.Clean(closed.Id)} {Display.Clean(closed.GuestName)} at {run.Display.Time(closed.CheckedOutAt)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command OnSite(CliContext context, GlobalOptions global)
    {
        var site = RetentionCommands.SiteOption();
        var command = new Command("onsite", "The guests on site now, since when, visiting whom; overdue ones marked") { site };
        command.SetHandler(context, global, async (run, cancellationToken) =>
        {
            using var client = run.Connect();
            var reply = await client.Guests.OnSiteAsync(new OnSiteRequest { Site = RetentionCommands.SiteOf(run, site) },
                deadline: Invocation.Deadline(Invocation.CallTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (reply.Visits.Count == 0)
            {
                run.Context.Error.WriteLine("no guests on site");
                return ExitCodes.Ok;
            }
            Table(run, reply.Visits, includeOut: false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command History(CliContext context, GlobalOptions global)
    {
        var site = RetentionCommands.SiteOption();
        var from = new Option<string>("--from") { Description = $"Start: {TimeArgument.Forms}", HelpName = "TIME", Required = true };
        var to = new Option<string>("--to") { Description = "End (exclusive); same forms", HelpName = "TIME", Required = true };
        var command = new Command("history", "The visits in a time range (at most 31 days)") { site, from, to };
        command.SetHandler(context, global, async (run, cancellationToken) =>
        {
            var request = new GuestHistoryRequest
            {
                Site = RetentionCommands.SiteOf(run, site),
                From = Timestamp.FromDateTimeOffset(TimeArgument.Parse(run.Parse.GetValue(from), "--from", run.Context.Now, Display.Amsterdam, latestIfAmbiguous: false)),
                To = Timestamp.FromDateTimeOffset(TimeArgument.Parse(run.Parse.GetValue(to), "--to", run.Context.Now, Display.Amsterdam, latestIfAmbiguous: true)),
            };
            using var client = run.Connect();
            var reply = await client.Guests.HistoryAsync(request, deadline: Invocation.Deadline(Invocation.CallTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (reply.Visits.Count == 0)
            {
                run.Context.Error.WriteLine("no visits in that range");
                return ExitCodes.Ok;
            }
            Table(run, reply.Visits, includeOut: true);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Table(Invocation run, IEnumerable<VisitInfo> visits, bool includeOut)
    {
        var display = run.Display;
        var rows = visits.Select(v => (IReadOnlyList<string>)
        [
            Display.Clean(v.Id), Display.Clean(v.GuestName), $"{Display.Clean(v.Visiting)} {Display.Clean(v.ResidentName)}",
            display.Time(v.CheckedInAt), includeOut ? display.Time(v.CheckedOutAt) : display.Time(v.ExpectedLeave),
            v.IdChecked ? "yes" : "no", v.OverdueSince is null ? "" : $"OVERDUE since {display.Time(v.OverdueSince)}",
        ]).ToList();
        string[] headers = ["VISIT", "GUEST", "VISITING", "IN", includeOut ? "OUT" : "UNTIL", "ID", ""];
        foreach (var line in TextTable.Render(headers, rows)) run.Context.Out.WriteLine(line.TrimEnd());
    }
}
