using System.Globalization;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>timeouts start|end|list</c>: residents' time-outs (staff, manager); each is reported to the police.</summary>
internal static class TimeOutCommands
{
    private static readonly string[] Categories = ["aggression", "drugs-or-alcohol", "house-rules", "other"];

    public static Command Create() => new("timeouts", "Residents' time-outs: an hour or more away, back the same day, reported to the police") { Start(), End(), List() };

    private static Command Start()
    {
        var site = CommonOptions.Site();
        var resident = new Option<string>("--resident") { Description = "The resident, e.g. r-07", HelpName = "RESIDENT", Required = true };
        var reason = CommonOptions.Reason("What happened (stays in the house; the police get the category)", required: true);
        var hours = new Option<string>("--hours") { Description = "Expected duration in hours, at least 1, e.g. 2 or 1.5", HelpName = "HOURS", Required = true };
        var category = new Option<string>("--category") { Description = $"What the police are told: {string.Join(", ", Categories)}", HelpName = "CATEGORY", DefaultValueFactory = _ => "other" };
        var overrideReason = new Option<string?>("--override") { Description = "Manager only: give it inside a no-time-out window, for this reason", HelpName = "REASON" };
        var command = new Command("start", "Start a time-out; prints its id first") { site, resident, reason, hours, category, overrideReason };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var chosen = Choice.Require(run.Parse.GetValue(category) ?? "other", "--category", Categories);
            var request = new StartTimeOutRequest
            {
                Site = run.SiteOf(site),
                Resident = DeskIds.Require(run.Parse.GetValue(resident), "r", "--resident", "r-07"),
                Reason = run.Parse.GetValue(reason) ?? "",
                Category = chosen,
                ExpectedMinutes = Minutes(run.Parse.GetValue(hours)),
                OverrideReason = run.Parse.GetValue(overrideReason) ?? "",
            };
            var timeOut = await run.CallAsync((client, options) => client.TimeOuts.StartAsync(request, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine(Display.Clean(timeOut.Id));
            run.Context.Out.WriteLine($"  {Display.Clean(timeOut.Resident)} {Display.Clean(timeOut.ResidentName)} away from {run.Display.Time(timeOut.StartedAt)}, back by {run.Display.Time(timeOut.ExpectedReturn)}"
                + (timeOut.OverrideReason.Length > 0 ? $" (override: {Display.Clean(timeOut.OverrideReason)})" : ""));
            run.Context.Out.WriteLine($"  reported to the police: {Display.Clean(timeOut.Notification)} ({Display.Clean(timeOut.NotificationState)})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command End()
    {
        var site = CommonOptions.Site();
        var id = new Argument<string>("ID") { Description = "The time-out's id, e.g. t-0003" };
        var command = new Command("end", "The resident is back: end the time-out") { site, id };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new EndTimeOutRequest { Site = run.SiteOf(site), Id = DeskIds.Require(run.Parse.GetValue(id), "t", "ID", "t-0003") };
            var ended = await run.CallAsync((client, options) => client.TimeOuts.EndAsync(request, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine($"ended {Display.Clean(ended.Id)} ({Display.Clean(ended.Resident)} {Display.Clean(ended.ResidentName)}) at {run.Display.Time(ended.EndedAt)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var site = CommonOptions.Site();
        var all = CommonOptions.All("Also ended time-outs");
        var command = new Command("list", "The time-outs now (with --all also ended ones)") { site, all };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.TimeOuts.ListAsync(
                new ListTimeOutsRequest { Site = run.SiteOf(site), IncludeEnded = run.Parse.GetValue(all) }, options), cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            return run.WriteList(reply.TimeOuts, "no time-outs", ["ID", "RESIDENT", "CATEGORY", "START", "BACK BY", "ENDED", "POLICE"], t =>
            [
                Display.Clean(t.Id), $"{Display.Clean(t.Resident)} {Display.Clean(t.ResidentName)}", Display.Clean(t.Category), display.Time(t.StartedAt),
                display.Time(t.ExpectedReturn), display.Time(t.EndedAt), $"{Display.Clean(t.Notification)} {Display.Clean(t.NotificationState)}",
            ]);
        });
        return command;
    }

    private static int Minutes(string? hours)
    {
        if (!decimal.TryParse(hours, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0 || value > 24)
            throw new UsageException($"--hours: '{Display.Clean(hours)}' is not a number of hours from 1 to 24 (e.g. 2 or 1.5)");
        return (int)Math.Round(value * 60);
    }
}
