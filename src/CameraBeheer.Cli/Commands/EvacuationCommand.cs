using System.CommandLine;
using CameraBeheer.Cli.Output;
using CameraBeheer.Contracts.V1;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>evacuation</c>: everyone who should be on site now, as a printable list.</summary>
internal static class EvacuationCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var site = RetentionCommands.SiteOption();
        var command = new Command("evacuation", "Everyone who should be on site now: residents present and guests (staff, manager, operator)") { site };
        command.SetHandler(context, global, async (run, cancellationToken) =>
        {
            using var client = run.Connect();
            var reply = await client.Evacuation.ListAsync(new EvacuationRequest { Site = RetentionCommands.SiteOf(run, site) },
                deadline: Invocation.Deadline(Invocation.CallTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            var output = run.Context.Out;
            output.WriteLine($"evacuation list {display.Time(reply.At)}: {reply.TotalOnSite} on site ({reply.Residents.Count} residents, {reply.Guests.Count} guests)");
            output.WriteLine();
            output.WriteLine("RESIDENTS");
            var residents = reply.Residents.Select(r => (IReadOnlyList<string>)["[ ]", Display.Clean(r.Id), Display.Clean(r.Name), r.Room.Length == 0 ? Display.Missing : Display.Clean(r.Room)]).ToList();
            foreach (var line in TextTable.Render(["", "ID", "NAME", "ROOM"], residents)) output.WriteLine(line.TrimEnd());
            output.WriteLine();
            output.WriteLine("GUESTS");
            var guests = reply.Guests.Select(g => (IReadOnlyList<string>)
                ["[ ]", Display.Clean(g.Visit), Display.Clean(g.GuestName), $"{Display.Clean(g.Visiting)} {Display.Clean(g.ResidentName)}", display.Time(g.CheckedInAt)]).ToList();
            foreach (var line in TextTable.Render(["", "VISIT", "GUEST", "VISITING", "SINCE"], guests)) output.WriteLine(line.TrimEnd());
            if (reply.Away.Count > 0)
            {
                output.WriteLine();
                output.WriteLine("NOT ON SITE (time-out)");
                var away = reply.Away.Select(a => (IReadOnlyList<string>)[Display.Clean(a.Resident), Display.Clean(a.Name), Display.Clean(a.TimeOut), display.Time(a.ExpectedReturn)]).ToList();
                foreach (var line in TextTable.Render(["ID", "NAME", "TIME-OUT", "EXPECTED BACK"], away)) output.WriteLine(line.TrimEnd());
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
