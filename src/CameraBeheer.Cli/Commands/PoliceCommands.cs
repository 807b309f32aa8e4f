using Grpc.Core;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>police notifications [--watch]|ack</c>: the time-outs reported to the police, as the police see them.</summary>
internal static class PoliceCommands
{
    public static Command Create() => new("police", "What the desk reports to the police") { Notifications(), Acknowledge() };

    private static Command Notifications()
    {
        var site = CommonOptions.Site();
        var watch = new Option<bool>("--watch") { Description = "Stay connected and print every new notification live (police; Ctrl+C stops)" };
        var all = CommonOptions.All("Also acknowledged notifications (not with --watch)");
        var command = new Command("notifications", "Time-outs reported to the police, with their delivery state (police, staff, manager)") { site, watch, all };
        command.SetHandler(async (run, cancellationToken) =>
        {
            using var client = run.Connect();
            var siteId = run.SiteOf(site);
            if (run.Parse.GetValue(watch))
            {
                var screen = new PoliceWatchScreen(run, async token =>
                    (await client.PoliceNotifications.ListAsync(new ListPoliceNotificationsRequest { Site = siteId, IncludeAcknowledged = true },
                        Invocation.WithCallTimeout(token)).ConfigureAwait(false)).Notifications, Line);
                try
                {
                    await ResumingWatch.RunAsync(run, token => client.PoliceNotifications.Watch(new WatchPoliceNotificationsRequest { Site = siteId }, cancellationToken: token),
                        screen, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is RpcException { StatusCode: StatusCode.Cancelled } or OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                }
                return ExitCodes.Ok;
            }
            var reply = await client.PoliceNotifications.ListAsync(new ListPoliceNotificationsRequest { Site = siteId, IncludeAcknowledged = run.Parse.GetValue(all) },
                Invocation.WithCallTimeout(cancellationToken)).ConfigureAwait(false);
            var display = run.Display;
            return run.WriteList(reply.Notifications, "no police notifications", ["ID", "RESIDENT", "START", "EXPECTED BACK", "CATEGORY", "STATE", "ACKNOWLEDGED BY"], n =>
            [
                Display.Clean(n.Id), Display.Clean(n.ResidentName), display.Time(n.Start), display.Time(n.ExpectedReturn), Display.Clean(n.Category),
                Display.Clean(n.State), n.AcknowledgedBy.Length == 0 ? Display.Missing : Display.Clean(n.AcknowledgedBy),
            ]);
        });
        return command;
    }

    private static Command Acknowledge()
    {
        var site = CommonOptions.Site();
        var id = new Argument<string>("ID") { Description = "The notification's id, e.g. pn-0003" };
        var command = new Command("ack", "Acknowledge a time-out notification (police)") { site, id };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new AcknowledgePoliceNotificationRequest { Site = run.SiteOf(site), Id = DeskIds.Require(run.Parse.GetValue(id), "pn", "ID", "pn-0003") };
            var n = await run.CallAsync((client, options) => client.PoliceNotifications.AcknowledgeAsync(request, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine($"acknowledged {Line(run.Display, n)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Line(Display display, PoliceNotificationInfo n) =>
        $"{Display.Clean(n.Id)}  {Display.Clean(n.ResidentName)}  time-out from {display.Time(n.Start)}, expected back {display.Time(n.ExpectedReturn)}, {Display.Clean(n.Category)}  [{Display.Clean(n.State)}]";
}
