using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>cameras list | show | events</c>: what the backend knows about the cameras.</summary>
internal static class CameraCommands
{
    public static Command Create() => new("cameras", "The site's cameras") { List(), Show(), Events() };

    private static Command List()
    {
        var site = new Argument<string?>("SITE") { Description = "Site id (default: the server's site)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", "Cameras with status, last seen and last motion") { site };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var siteId = run.Parse.GetValue(site) is { } given ? Ids.Require(given, "SITE") : "";
            var reply = await run.CallAsync((client, options) => client.Cameras.ListAsync(
                new ListCamerasRequest { Site = siteId }, options), cancellationToken).ConfigureAwait(false);
            foreach (var line in run.Display.CameraTable(reply)) run.Context.Out.WriteLine(line);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var camera = new Argument<string>("SITE/CAMERA") { Description = "e.g. domus-almere-poort/cam-01" };
        var command = new Command("show", "One camera in detail, with motion per region") { camera };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var address = CameraAddress.Parse(run.Parse.GetValue(camera));
            var info = await run.CallAsync((client, options) => client.Cameras.GetAsync(
                new GetCameraRequest { Site = address.Site, Camera = address.Camera }, options), cancellationToken).ConfigureAwait(false);
            foreach (var line in run.Display.CameraDetail(info)) run.Context.Out.WriteLine(line);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Events()
    {
        var camera = new Argument<string>("SITE/CAMERA") { Description = "e.g. domus-almere-poort/cam-01" };
        var from = new Option<string>("--from") { Description = $"Start (default -1h): {TimeArgument.Forms}", HelpName = "TIME" };
        var to = new Option<string>("--to") { Description = "End, exclusive (default now); same forms as --from", HelpName = "TIME" };
        var command = new Command("events", "The camera's events in a time window, oldest first") { camera, from, to };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var address = CameraAddress.Parse(run.Parse.GetValue(camera));
            var window = Window(run, run.Parse.GetValue(from), run.Parse.GetValue(to));
            using var client = run.Connect();
            var request = new CameraEventsRequest
            {
                Site = address.Site,
                Camera = address.Camera,
                From = Timestamp.FromDateTimeOffset(window.From),
                To = Timestamp.FromDateTimeOffset(window.To),
            };
            // No deadline: a long window streams for as long as it takes; Ctrl+C cancels.
            using var call = client.Cameras.Events(request, cancellationToken: cancellationToken);
            var display = run.Display;
            var count = 0;
            await foreach (var e in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                run.Context.Out.WriteLine(display.EventLine(e));
                count++;
            }
            // On stderr, so that piped output holds events only.
            if (count == 0) run.Context.Error.WriteLine($"no events for {address} between {display.Time(window.From)} and {display.Time(window.To)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static (DateTimeOffset From, DateTimeOffset To) Window(Invocation run, string? fromText, string? toText)
    {
        var now = run.Context.Now;
        var zone = Output.Display.Amsterdam;
        var from = fromText is null ? now.AddHours(-1) : TimeArgument.Parse(fromText, "--from", now, zone, latestIfAmbiguous: false);
        var to = toText is null ? now : TimeArgument.Parse(toText, "--to", now, zone, latestIfAmbiguous: true);
        if (from >= to)
        {
            var display = run.Display;
            throw new UsageException($"--from ({display.Time(from)}) must be before --to ({display.Time(to)})");
        }
        return (from, to);
    }
}
