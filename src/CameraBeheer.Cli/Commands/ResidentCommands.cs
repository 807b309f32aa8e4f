namespace CameraBeheer.Cli.Commands;

/// <summary><c>residents add|list|remove</c>: who lives at the site, as far as the desk needs it.</summary>
internal static class ResidentCommands
{
    public static Command Create() => new("residents", "The residents register of the desk (id, name, room; nothing medical)") { Add(), List(), Remove() };

    private static Command Add()
    {
        var site = CommonOptions.Site();
        var name = new Option<string>("--name") { Description = "The resident's display name", HelpName = "NAME", Required = true };
        var room = new Option<string?>("--room") { Description = "The room, e.g. 1.07", HelpName = "ROOM" };
        var command = new Command("add", "Register a resident (manager, admin); prints the resident id first") { site, name, room };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var resident = await run.CallAsync((client, options) => client.Residents.AddAsync(
                new AddResidentRequest { Site = run.SiteOf(site), Name = run.Parse.GetValue(name) ?? "", Room = run.Parse.GetValue(room) ?? "" }, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine(Display.Clean(resident.Id));
            run.Context.Out.WriteLine($"  added {Display.Clean(resident.Name)}{Room(resident.Room)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var site = CommonOptions.Site();
        var all = CommonOptions.All("Also residents who left (kept for the retention period)");
        var command = new Command("list", "The residents (staff, operator, manager, admin)") { site, all };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.Residents.ListAsync(
                new ListResidentsRequest { Site = run.SiteOf(site), IncludeRemoved = run.Parse.GetValue(all) }, options), cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            return run.WriteList(reply.Residents, "no residents", ["ID", "NAME", "ROOM", "STATUS"], r =>
            [
                Display.Clean(r.Id), Display.Clean(r.Name), r.Room.Length == 0 ? Display.Missing : Display.Clean(r.Room),
                r.RemovedAt is not null ? $"left {display.Time(r.RemovedAt)}" : r.OnTimeOut.Length > 0 ? $"on time-out ({Display.Clean(r.OnTimeOut)})" : "present",
            ]);
        });
        return command;
    }

    private static Command Remove()
    {
        var site = CommonOptions.Site();
        var id = new Argument<string>("ID") { Description = "The resident's id, e.g. r-07" };
        var reason = CommonOptions.Reason("Why, for the audit log (e.g. moved out)", required: false);
        var command = new Command("remove", "The resident has left (manager, admin); the record goes after the retention period") { site, id, reason };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new RemoveResidentRequest { Site = run.SiteOf(site), Id = DeskIds.Require(run.Parse.GetValue(id), "r", "ID", "r-07"), Reason = run.Parse.GetValue(reason) ?? "" };
            var resident = await run.CallAsync((client, options) => client.Residents.RemoveAsync(request, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine($"removed {Display.Clean(resident.Id)} {Display.Clean(resident.Name)} at {run.Display.Time(resident.RemovedAt)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Room(string room) => room.Length == 0 ? "" : $", room {Display.Clean(room)}";
}
