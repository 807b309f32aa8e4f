using Google.Protobuf.WellKnownTypes;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>reports add|list|answer|link-hold</c>: reports from schools, neighbours and businesses, and the 72-hour feedback.</summary>
internal static class ReportCommands
{
    private static readonly string[] Kinds = ["school", "neighbour", "business"];

    public static Command Create() => new("reports", "Reports (meldingen) from schools, neighbours and businesses; feedback within 72 hours") { Add(), List(), Answer(), LinkHold() };

    private static Command Add()
    {
        var site = CommonOptions.Site();
        var organisation = new Option<string>("--organisation") { Description = "Who reported: the school, business or neighbour", HelpName = "NAME", Required = true };
        var kind = new Option<string>("--kind") { Description = $"One of {string.Join(", ", Kinds)}", HelpName = "KIND", Required = true };
        var contact = new Option<string>("--contact") { Description = "How to reach the reporter for the feedback", HelpName = "TEXT", Required = true };
        var what = new Option<string>("--what") { Description = "What was reported", HelpName = "TEXT", Required = true };
        var at = new Option<string?>("--at") { Description = "When it happened (default now): 14:30 (today) or a full time", HelpName = "TIME" };
        var zone = new Option<string?>("--zone") { Description = "The zone it happened in, e.g. schoolplein-poort-lyceum", HelpName = "ZONE" };
        var hold = new Option<bool>("--request-hold") { Description = "Ask a manager to hold the footage of the zone and time" };
        var command = new Command("add", "Register a report (staff, manager); prints its id first") { site, organisation, kind, contact, what, at, zone, hold };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var chosen = Choice.Require(run.Parse.GetValue(kind) ?? "", "--kind", Kinds);
            var request = new AddReportRequest
            {
                Site = run.SiteOf(site),
                Organisation = run.Parse.GetValue(organisation) ?? "",
                ReporterKind = chosen,
                Contact = run.Parse.GetValue(contact) ?? "",
                What = run.Parse.GetValue(what) ?? "",
                Zone = run.Parse.GetValue(zone) is { } z ? Ids.Require(z, "--zone") : "",
                HoldRequested = run.Parse.GetValue(hold),
            };
            if (run.Parse.GetValue(at) is { } when) request.OccurredAt = Timestamp.FromDateTimeOffset(ClockTime.Parse(when, "--at", run.Context.Now, Display.Amsterdam));
            var report = await run.CallAsync((client, options) => client.Reports.AddAsync(request, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine(Display.Clean(report.Id));
            run.Context.Out.WriteLine($"  from {Display.Clean(report.Organisation)} ({Display.Clean(report.ReporterKind)}); feedback due {run.Display.Time(report.FeedbackDue)}"
                + (report.HoldRequested ? "; a manager is asked to hold the footage" : ""));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var site = CommonOptions.Site();
        var all = CommonOptions.All("Also answered reports");
        var command = new Command("list", "Open reports with the time left to give feedback (staff, manager, operator)") { site, all };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.Reports.ListAsync(
                new ListReportsRequest { Site = run.SiteOf(site), IncludeAnswered = run.Parse.GetValue(all) }, options), cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            return run.WriteList(reply.Reports, "no reports", ["ID", "FROM", "RECEIVED", "ZONE", "STATE", "TIME LEFT", "WHAT"], r =>
            [
                Display.Clean(r.Id), $"{Display.Clean(r.Organisation)} ({Display.Clean(r.ReporterKind)})", display.Time(r.ReceivedAt),
                r.Zone.Length == 0 ? Display.Missing : Display.Clean(r.Zone), Display.Clean(r.State), Left(r), Excerpt(r.What),
            ]);
        });
        return command;
    }

    private static Command Answer()
    {
        var site = CommonOptions.Site();
        var id = new Argument<string>("ID") { Description = "The report's id, e.g. rp-0001" };
        var feedback = new Option<string>("--feedback") { Description = "What was done, as told to the reporter", HelpName = "TEXT", Required = true };
        var command = new Command("answer", "Record the feedback given to the reporter (staff, manager)") { site, id, feedback };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new AnswerReportRequest { Site = run.SiteOf(site), Id = DeskIds.Require(run.Parse.GetValue(id), "rp", "ID", "rp-0001"), Feedback = run.Parse.GetValue(feedback) ?? "" };
            var report = await run.CallAsync((client, options) => client.Reports.AnswerAsync(request, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine($"answered {Display.Clean(report.Id)} at {run.Display.Time(report.AnsweredAt)} (due {run.Display.Time(report.FeedbackDue)})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command LinkHold()
    {
        var site = CommonOptions.Site();
        var id = new Argument<string>("ID") { Description = "The report's id, e.g. rp-0001" };
        var hold = new Option<string>("--hold") { Description = "The legal hold placed for it (holds place …)", HelpName = "HOLD", Required = true };
        var command = new Command("link-hold", "Link the legal hold placed on the report's footage (manager)") { site, id, hold };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new LinkReportHoldRequest { Site = run.SiteOf(site), Id = DeskIds.Require(run.Parse.GetValue(id), "rp", "ID", "rp-0001"), Hold = Ids.Require(run.Parse.GetValue(hold), "--hold") };
            var report = await run.CallAsync((client, options) => client.Reports.LinkHoldAsync(request, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine($"linked {Display.Clean(report.Hold)} to {Display.Clean(report.Id)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Left(ReportInfo r)
    {
        if (r.State == "answered") return Display.Missing;
        var minutes = Math.Abs(r.MinutesLeft);
        var text = $"{minutes / 60}h{minutes % 60:00}m";
        return r.MinutesLeft < 0 ? $"{text} late" : text;
    }

    private static string Excerpt(string text)
    {
        var clean = Display.Clean(text);
        return clean.Length > 50 ? clean[..49] + "…" : clean;
    }
}
