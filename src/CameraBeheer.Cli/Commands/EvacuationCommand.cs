namespace CameraBeheer.Cli.Commands;

/// <summary><c>evacuation</c>: everyone who should be on site now, as a printable list.</summary>
internal static class EvacuationCommand
{
    public static Command Create()
    {
        var site = CommonOptions.Site();
        var command = new Command("evacuation", "Everyone who should be on site now: residents present and guests (staff, manager, operator)") { site };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.Evacuation.ListAsync(
                new EvacuationRequest { Site = run.SiteOf(site) }, options), cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            var output = run.Context.Out;
            output.WriteLine($"evacuation list {display.Time(reply.At)}: {reply.TotalOnSite} on site ({reply.Residents.Count} residents, {reply.Guests.Count} guests)");
            output.WriteLine();
            output.WriteLine("RESIDENTS");
            run.WriteTable(["", "ID", "NAME", "ROOM"], reply.Residents, r => ["[ ]", Display.Clean(r.Id), Display.Clean(r.Name), r.Room.Length == 0 ? Display.Missing : Display.Clean(r.Room)]);
            output.WriteLine();
            output.WriteLine("GUESTS");
            run.WriteTable(["", "VISIT", "GUEST", "VISITING", "SINCE"], reply.Guests, g =>
                ["[ ]", Display.Clean(g.Visit), Display.Clean(g.GuestName), $"{Display.Clean(g.Visiting)} {Display.Clean(g.ResidentName)}", display.Time(g.CheckedInAt)]);
            if (reply.Away.Count > 0)
            {
                output.WriteLine();
                output.WriteLine("NOT ON SITE (time-out)");
                run.WriteTable(["ID", "NAME", "TIME-OUT", "EXPECTED BACK"], reply.Away, a => [Display.Clean(a.Resident), Display.Clean(a.Name), Display.Clean(a.TimeOut), display.Time(a.ExpectedReturn)]);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
