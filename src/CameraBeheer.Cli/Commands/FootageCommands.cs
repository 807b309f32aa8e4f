using Grpc.Core;

namespace CameraBeheer.Cli.Commands;

/// <summary>
/// <c>footage request|list|status|approve|reject|cancel|close|retry|confirm|download|verify|public-key</c>: police
/// requests for footage, from the request to the verified evidence package.
/// </summary>
internal static class FootageCommands
{
    public static Command Create() => new("footage", "Police requests for footage: request, review, export, download, verify")
    {
        Request(),
        List(),
        Status(),
        Change("approve", "Approve a request (manager, never the submitter); starts the export", reasonRequired: true,
            (client, id, reason, options) => client.FootageRequests.ApproveAsync(new ReviewFootageRequest { Id = id, Reason = reason }, options)),
        Change("reject", "Reject a request (manager); its hold is released", reasonRequired: true,
            (client, id, reason, options) => client.FootageRequests.RejectAsync(new ReviewFootageRequest { Id = id, Reason = reason }, options)),
        Change("cancel", "Withdraw your request before it is exported (police)", reasonRequired: false,
            (client, id, reason, options) => client.FootageRequests.CancelAsync(new ChangeFootageRequest { Id = id, Reason = reason }, options)),
        Change("close", "Close a request; its hold is released and its export deleted at the next sweep (a 126ni hold runs to its expiry)", reasonRequired: false,
            (client, id, reason, options) => client.FootageRequests.CloseAsync(new ChangeFootageRequest { Id = id, Reason = reason }, options)),
        Change("retry", "Try a failed export again (manager)", reasonRequired: false,
            (client, id, _, options) => client.FootageRequests.RetryAsync(new ChangeFootageRequest { Id = id }, options)),
        Confirm(),
        FootageDownload.Create(),
        FootageVerify.Create(),
        PublicKey(),
    };

    private static Command Request()
    {
        var site = CommonOptions.Site();
        var caseNumber = new Option<string>("--case") { Description = "The police case number", HelpName = "CASE", Required = true };
        var basis = new Option<string>("--basis")
        {
            Description = "126nd (demand for stored data), 126nf (demand for sensitive data: needs --authorisation; required for interior cameras), 126ni (preservation order: hold only, no export)",
            HelpName = "BASIS",
            Required = true,
        };
        var authorisation = new Option<string>("--authorisation") { Description = "The examining magistrate's authorisation reference (126nf)", HelpName = "REF" };
        var urgent = new Option<bool>("--urgent") { Description = "An urgent oral demand: confirm it in writing within 3 days (footage confirm)" };
        var cameras = new Option<string>("--cameras") { Description = "Camera ids, comma-separated, e.g. cam-02,cam-03", HelpName = "IDS" };
        var zone = new Option<string>("--zone") { Description = "A zone instead of cameras: its cameras and dome presets", HelpName = "ZONE" };
        var from = new Option<string>("--from") { Description = $"Start of the window: {TimeArgument.Forms}", HelpName = "TIME", Required = true };
        var to = new Option<string>("--to") { Description = "End of the window (at most 24 hours after --from); same forms", HelpName = "TIME", Required = true };
        var reason = CommonOptions.Reason("What the footage is needed for", required: true);
        var expires = new Option<string>("--expires") { Description = "A preservation order's own expiry (126ni; at most 90 days, default 90 days)", HelpName = "TIME" };
        var command = new Command("request", "Request footage for a case (police); prints the request id first. The footage is held at once.")
        {
            site, caseNumber, basis, authorisation, urgent, cameras, zone, from, to, reason, expires,
        };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var cameraText = run.Parse.GetValue(cameras);
            var zoneText = run.Parse.GetValue(zone);
            if ((cameraText is null) == (zoneText is null))
                throw new UsageException("name the footage with either --cameras or --zone");
            var request = new SubmitFootageRequest
            {
                Site = run.SiteOf(site),
                CaseNumber = run.Parse.GetValue(caseNumber) ?? "",
                Basis = run.Parse.GetValue(basis) ?? "",
                Authorisation = run.Parse.GetValue(authorisation) ?? "",
                Urgent = run.Parse.GetValue(urgent),
                Zone = zoneText is null ? "" : Ids.Require(zoneText, "--zone"),
                From = run.TimeOf(from, latest: false),
                To = run.TimeOf(to, latest: true),
                Reason = run.Parse.GetValue(reason) ?? "",
                OrderExpires = run.Parse.GetValue(expires) is null ? null : run.TimeOf(expires, latest: true),
            };
            if (cameraText is not null) request.Cameras.AddRange(HoldCommands.CameraList(cameraText));
            var reply = await run.CallAsync((client, options) => client.FootageRequests.SubmitAsync(request, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine(Display.Clean(reply.Id));
            foreach (var line in FootageLines.Summary(run.Display, reply)) run.Context.Out.WriteLine(line);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var site = CommonOptions.Site();
        var all = CommonOptions.All("Also rejected, cancelled, expired and closed requests");
        var command = new Command("list", "Footage requests: your own (police), or all (manager, admin)") { site, all };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.FootageRequests.ListAsync(
                new ListFootageRequestsRequest { Site = run.SiteOf(site), IncludeEnded = run.Parse.GetValue(all) }, options), cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            return run.WriteList(reply.Requests, "no footage requests", ["ID", "STATE", "CASE", "BASIS", "CAMERAS", "FROM", "TO", "REQUESTED BY", "REQUESTED AT"], r =>
            [
                Display.Clean(r.Id), Display.Clean(r.State), Display.Clean(r.CaseNumber), Display.Clean(r.Basis) + (r.Urgent ? " urgent" : ""),
                r.Cameras.ToString(System.Globalization.CultureInfo.InvariantCulture), display.Time(r.From), display.Time(r.To),
                Display.Clean(r.RequestedBy), display.Time(r.RequestedAt),
            ]);
        });
        return command;
    }

    private static Command Status()
    {
        var id = IdArgument();
        var command = new Command("status", "A request's state, history, export progress and files") { id };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.FootageRequests.GetAsync(
                new FootageRequestRef { Id = RequestId(run.Parse.GetValue(id)) }, options), cancellationToken).ConfigureAwait(false);
            foreach (var line in FootageLines.Detail(run.Display, reply)) run.Context.Out.WriteLine(line);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Change(string name, string description, bool reasonRequired,
        Func<CameraBeheerClient, string, string, CallOptions, AsyncUnaryCall<FootageRequestInfo>> call)
    {
        var id = IdArgument();
        var reason = CommonOptions.Reason(reasonRequired ? "Why; the officer and the audit log read it" : "Why (optional)", reasonRequired);
        var command = new Command(name, description) { id };
        if (name != "retry") command.Add(reason);
        command.SetHandler(async (run, cancellationToken) =>
        {
            var requestId = RequestId(run.Parse.GetValue(id));
            var reply = await run.CallAsync((client, options) => call(client, requestId, run.Parse.GetValue(reason) ?? "", options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine($"{Display.Clean(reply.Id)} {Display.Clean(reply.State)}");
            foreach (var line in FootageLines.Summary(run.Display, reply)) run.Context.Out.WriteLine(line);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Confirm()
    {
        var id = IdArgument();
        var reference = new Option<string>("--reference") { Description = "The reference of the written demand that confirms an urgent oral one", HelpName = "REF", Required = true };
        var command = new Command("confirm", "Record the written confirmation of an urgent oral demand (police, manager)") { id, reference };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.FootageRequests.ConfirmInWritingAsync(
                new ConfirmFootageRequest { Id = RequestId(run.Parse.GetValue(id)), Reference = run.Parse.GetValue(reference) ?? "" }, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine($"{Display.Clean(reply.Id)} confirmed in writing ({Display.Clean(reply.ConfirmationReference)})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command PublicKey()
    {
        var command = new Command("public-key", "The public key that signs every evidence package (PEM on stdout, its fingerprint on stderr): camerabeheer footage public-key > export-key.pem");
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.FootageRequests.PublicKeyAsync(new PublicKeyRequest(), options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.Write(reply.Pem);
            run.Context.Error.WriteLine($"fingerprint: {Display.Clean(reply.Fingerprint)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static Argument<string> IdArgument() => new("ID") { Description = "The request's id, e.g. fr-2026-0a1b2c3d4e5f" };

    internal static string RequestId(string? text)
    {
        var id = Ids.Require(text, "ID");
        return id.StartsWith("fr-", StringComparison.Ordinal) ? id : throw new UsageException($"ID: '{Display.Clean(id)}' is not a footage request id (fr-…)");
    }
}
