using Grpc.Core;
using Grpc.Health.V1;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>status</c>: is the server up, and what site does it serve.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", "Server health and site summary (health needs no token; the site summary does)");
        command.SetHandler(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(Invocation run, CancellationToken cancellationToken)
    {
        using var client = run.ConnectOptionalToken(out var hasToken);
        var health = await HealthAsync(client, cancellationToken).ConfigureAwait(false);
        run.Context.Out.WriteLine(Display.ServerLine(ServerAddress.Show(client.Server), Describe(health)));
        var healthy = health is null or HealthCheckResponse.Types.ServingStatus.Serving;

        if (!hasToken)
        {
            run.Context.Error.WriteLine($"note: the site summary needs a token: sign in with camerabeheer login, pass --token or set {BearerToken.EnvironmentVariable}");
            return healthy ? ExitCodes.Ok : ExitCodes.Failure;
        }

        var site = await client.Site.StatusAsync(new SiteStatusRequest(), Invocation.WithCallTimeout(cancellationToken))
            .ConfigureAwait(false);
        foreach (var line in Display.SiteLines(site)) run.Context.Out.WriteLine(line);
        return healthy ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>The overall health; null when the server offers no health service (then Site/Status speaks for it).</summary>
    private static async Task<HealthCheckResponse.Types.ServingStatus?> HealthAsync(CameraBeheerClient client, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await client.Health.CheckAsync(new HealthCheckRequest(), Invocation.WithCallTimeout(cancellationToken))
                .ConfigureAwait(false);
            return reply.Status;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unimplemented or StatusCode.NotFound)
        {
            return null;
        }
    }

    private static string Describe(HealthCheckResponse.Types.ServingStatus? status) => status switch
    {
        null => "reachable, no health service",
        HealthCheckResponse.Types.ServingStatus.Serving => "serving",
        HealthCheckResponse.Types.ServingStatus.NotServing => "NOT serving",
        _ => "health unknown",
    };
}
