using Grpc.Core;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>alerts watch|list|ack|resolve</c>: the control room's live alerts, for operators and managers.</summary>
internal static class AlertCommands
{
    private static readonly string[] Outcomes = ["none", "staff", "boa", "street-coach", "police", "fire", "ambulance"];
    private static readonly string[] Priorities = ["low", "medium", "high", "critical"];

    public static Command Create() => new("alerts", "The control room's alerts") { Watch(), List(), Acknowledge(), Resolve() };

    private static Command Watch()
    {
        var site = CommonOptions.Site();
        var zone = ZoneOption();
        var priority = PriorityOption();
        var command = new Command("watch", "The open alerts, then every change live, one line each; reconnects by itself and marks what it missed (Ctrl+C stops)") { site, zone, priority };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new WatchAlertsRequest { Site = run.SiteOf(site), Zone = Zone(run, zone), MinPriority = Priority(run, priority) };
            using var client = run.Connect();
            var colour = run.Context.Out == Console.Out && !Console.IsOutputRedirected;
            var screen = new AlertWatchScreen(run, async token =>
                (await client.Alerts.ListAsync(new ListAlertsRequest { Site = request.Site, Zone = request.Zone, MinPriority = request.MinPriority, IncludeResolved = true },
                    Invocation.WithCallTimeout(token)).ConfigureAwait(false)).Alerts, colour);
            try
            {
                await ResumingWatch.RunAsync(run, token => client.Alerts.Watch(request, cancellationToken: token), screen, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RpcException { StatusCode: StatusCode.Cancelled } or OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var site = CommonOptions.Site();
        var zone = ZoneOption();
        var priority = PriorityOption();
        var all = CommonOptions.All("Also resolved alerts");
        var command = new Command("list", "The open alerts (with --all also the resolved ones)") { site, zone, priority, all };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new ListAlertsRequest { Site = run.SiteOf(site), Zone = Zone(run, zone), MinPriority = Priority(run, priority), IncludeResolved = run.Parse.GetValue(all) };
            var reply = await run.CallAsync((client, options) => client.Alerts.ListAsync(request, options), cancellationToken).ConfigureAwait(false);
            if (reply.Alerts.Count == 0) run.Context.Error.WriteLine("no alerts");
            foreach (var alert in reply.Alerts) run.Context.Out.WriteLine(AlertLines.Alert(run.Display, alert, colour: false));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Acknowledge()
    {
        var site = CommonOptions.Site();
        var id = new Argument<string>("ID") { Description = "The alert's id, e.g. a-12" };
        var command = new Command("ack", "Acknowledge an alert: you have seen it; escalation stops") { site, id };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var alert = await run.CallAsync((client, options) => client.Alerts.AcknowledgeAsync(
                new AcknowledgeAlertRequest { Site = run.SiteOf(site), Id = AlertId(run.Parse.GetValue(id)) }, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine(AlertLines.Alert(run.Display, alert, colour: false));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Resolve()
    {
        var site = CommonOptions.Site();
        var id = new Argument<string>("ID") { Description = "The alert's id" };
        var outcome = new Option<string>("--outcome") { Description = $"What was done: {string.Join(", ", Outcomes)}", HelpName = "OUTCOME", Required = true };
        var note = new Option<string?>("--note") { Description = "A note (at most 1000 characters)", HelpName = "TEXT" };
        var command = new Command("resolve", "Close an alert with its outcome") { site, id, outcome, note };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var value = Choice.Require(run.Parse.GetValue(outcome), "--outcome", Outcomes);
            var alert = await run.CallAsync((client, options) => client.Alerts.ResolveAsync(new ResolveAlertRequest
            {
                Site = run.SiteOf(site),
                Id = AlertId(run.Parse.GetValue(id)),
                Outcome = value,
                Note = run.Parse.GetValue(note) ?? "",
            }, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine(AlertLines.Alert(run.Display, alert, colour: false));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string?> ZoneOption() => new("--zone") { Description = "Only alerts about this zone, gate or camera", HelpName = "ZONE" };

    private static Option<string?> PriorityOption() => new("--min-priority") { Description = "low, medium, high or critical", HelpName = "PRIORITY" };

    private static string Zone(Invocation run, Option<string?> zone) => run.Parse.GetValue(zone) is { } z ? Ids.Require(z, "--zone") : "";

    private static string Priority(Invocation run, Option<string?> priority)
    {
        var value = run.Parse.GetValue(priority);
        if (value is null) return "";
        return Choice.Require(value, "--min-priority", Priorities);
    }

    private static string AlertId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? id
            : throw new UsageException($"ID: '{Display.Clean(id)}' is not an alert id (e.g. a-12)");
}

/// <summary>One readable line per alert or change; colour by priority on a terminal.</summary>
internal static class AlertLines
{
    public static string Change(Display display, AlertEvent e, bool colour) =>
        $"{Display.Clean(e.Change),-12} {Alert(display, e.Alert, colour)}";

    public static string Alert(Display display, AlertInfo a, bool colour)
    {
        var priority = Paint($"{Display.Clean(a.Priority),-8}", a.Priority, colour);
        var count = a.Count > 1 ? $" ×{a.Count}" : "";
        var escalated = a.Escalated ? " ESCALATED" : "";
        var status = a.Status switch
        {
            "acknowledged" => $" ack {Display.Clean(a.AcknowledgedBy)}",
            "resolved" => $" resolved {Display.Clean(a.ResolvedBy)}: {Display.Clean(a.Outcome)}{(a.Note.Length > 0 ? $" ({Display.Clean(a.Note)})" : "")}",
            _ => "",
        };
        return $"{display.Time(a.LastSeen)}  {Display.Clean(a.Id),-6} {priority} {Display.Clean(a.Place)}: {Display.Clean(a.Text)}{count}{escalated}{status}";
    }

    private static string Paint(string text, string priority, bool colour)
    {
        if (!colour) return text;
        var code = priority switch { "critical" => "1;31", "high" => "31", "medium" => "33", _ => "36" };
        return $"\u001b[{code}m{text}\u001b[0m";
    }
}
