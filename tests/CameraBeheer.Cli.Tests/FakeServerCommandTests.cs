using CameraBeheer.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;

namespace CameraBeheer.Cli.Tests;

/// <summary>Commands against canned gRPC replies: what they print, which exit code, and that the token travels along.</summary>
public sealed class FakeServerCommandTests
{
    private const string Token = "eyJhbGciOiJIUzI1NiJ9.e30.sig";
    private static readonly Dictionary<string, string> WithToken = new() { ["CAMERABEHEER_TOKEN"] = Token };

    private static readonly SiteStatusReply Site = new()
    {
        Site = "domus-almere-poort", SiteName = "Domus Almere Poort", Cameras = 38, CamerasOnline = 12, Gates = 1, GatesOnline = 1, Zones = 14, RetentionDays = 28,
    };

    private static FakeGrpcServer Serving() => new FakeGrpcServer()
        .On("/grpc.health.v1.Health/Check", new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving })
        .On("/camerabeheer.v1.Site/Status", Site);

    [Fact]
    public async Task Status_prints_server_health_and_site_summary()
    {
        var run = await Cli.RunAsync(Serving(), WithToken, "status");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            [
                "server:   http://127.0.0.1:5080 (serving)",
                "site:     domus-almere-poort (Domus Almere Poort)",
                "cameras:  38 (12 online)",
                "gates:    1 (1 online)   zones: 14   retention: 28 days",
            ],
            run.OutLines);
    }

    [Fact]
    public async Task Every_call_carries_the_bearer_token_over_plain_http()
    {
        var server = Serving();

        await Cli.RunAsync(server, WithToken, "status");

        Assert.Equal(2, server.Calls.Count);
        Assert.All(server.Calls, call => Assert.Equal($"Bearer {Token}", call.Authorization));
    }

    [Fact]
    public async Task Status_without_a_token_checks_health_only()
    {
        var server = Serving();

        var run = await Cli.RunAsync(server, environment: null, "status");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["server:   http://127.0.0.1:5080 (serving)"], run.OutLines);
        Assert.Contains("CAMERABEHEER_TOKEN", run.Error);
        var call = Assert.Single(server.Calls);
        Assert.Null(call.Authorization);
    }

    [Fact]
    public async Task Audit_verify_exits_3_when_the_chain_is_broken()
    {
        var server = new FakeGrpcServer().On("/camerabeheer.v1.Audit/Verify",
            new VerifyAuditReply { Intact = false, DaysChecked = 2, EntriesChecked = 10, BrokenFile = "audit/s/2026/11/22.jsonl", BrokenLine = 4, Problem = "prev hash does not match" });

        var run = await Cli.RunAsync(server, WithToken, "audit", "verify", "--day", "2026-11-22");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(["audit chain BROKEN in audit/s/2026/11/22.jsonl line 4: prev hash does not match"], run.OutLines);
    }

    [Fact]
    public async Task Audit_verify_exits_0_when_intact()
    {
        var server = new FakeGrpcServer().On("/camerabeheer.v1.Audit/Verify", new VerifyAuditReply { Intact = true, DaysChecked = 3, EntriesChecked = 120 });

        var run = await Cli.RunAsync(server, WithToken, "audit", "verify");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["audit chain intact: 120 entries in 3 days"], run.OutLines);
    }

    [Fact]
    public async Task Permission_denied_is_one_line_with_the_server_detail()
    {
        var server = new FakeGrpcServer().Fail("/camerabeheer.v1.Audit/Verify", StatusCode.PermissionDenied, "role police may not verify the audit log");

        var run = await Cli.RunAsync(server, WithToken, "audit", "verify");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["error: permission denied: role police may not verify the audit log"], run.ErrorLines);
    }

    [Fact]
    public async Task Unauthenticated_says_how_to_get_a_token()
    {
        var server = new FakeGrpcServer().Fail("/camerabeheer.v1.Cameras/List", StatusCode.Unauthenticated, "token expired");

        var run = await Cli.RunAsync(server, WithToken, "cameras", "list");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: not authenticated: token expired", line);
        Assert.Contains("camerabeheer token issue", line);
    }

    [Fact]
    public async Task A_server_that_answers_unavailable_itself_is_not_called_unreachable()
    {
        var server = new FakeGrpcServer().Fail("/camerabeheer.v1.Alerts/Acknowledge", StatusCode.Unavailable,
            "the audit log could not be written, so nothing was changed; try again later (the backend's log says why)");

        var run = await Cli.RunAsync(server, WithToken, "alerts", "ack", "a-3");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: server http://127.0.0.1:5080 unavailable: the audit log could not be written, so nothing was changed", line);
        Assert.DoesNotContain("cannot reach", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_budget_says_when_to_try_again()
    {
        var server = new FakeGrpcServer().Fail("/camerabeheer.v1.Audit/Verify", StatusCode.ResourceExhausted,
            "too many Audit/Verify calls from Manager De Vries: at most 60 per 60 s (Limits:ExpensiveCalls); try again in 42 s");

        var run = await Cli.RunAsync(server, WithToken, "audit", "verify");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["error: resource exhausted: too many Audit/Verify calls from Manager De Vries: at most 60 per 60 s (Limits:ExpensiveCalls); try again in 42 s"], run.ErrorLines);
    }

    [Fact]
    public async Task Other_errors_name_the_status_in_words()
    {
        var server = new FakeGrpcServer().Fail("/camerabeheer.v1.Cameras/Get", StatusCode.NotFound, "no camera s/cam-99");

        var run = await Cli.RunAsync(server, WithToken, "cameras", "show", "s/cam-99");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["error: not found: no camera s/cam-99"], run.ErrorLines);
    }

    [Fact]
    public async Task Cameras_show_sends_site_and_camera()
    {
        GetCameraRequest? received = null;
        var server = new FakeGrpcServer().On("/camerabeheer.v1.Cameras/Get", GetCameraRequest.Parser, request =>
        {
            received = request;
            return new CameraInfo { Site = received.Site, Camera = received.Camera, Status = "online" };
        });

        var run = await Cli.RunAsync(server, WithToken, "cameras", "show", "domus-almere-poort/cam-01");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(new GetCameraRequest { Site = "domus-almere-poort", Camera = "cam-01" }, received);
        Assert.Contains("camera:       domus-almere-poort/cam-01", run.OutLines);
    }

    [Fact]
    public async Task Cameras_events_sends_the_window_and_prints_one_line_per_event()
    {
        CameraEventsRequest? received = null;
        var server = new FakeGrpcServer().On("/camerabeheer.v1.Cameras/Events", body =>
        {
            received = CameraEventsRequest.Parser.ParseFrom(body);
            return new FakeGrpcServer.Reply(StatusCode.OK, "",
            [
                new CameraEvent { Id = "a", Type = "motion", Json = "{}", Ts = Timestamp.FromDateTimeOffset(Cli.Now.AddMinutes(-50)) },
                new CameraEvent { Id = "b", Type = "status", Json = "{\"state\":\"online\"}", Ts = Timestamp.FromDateTimeOffset(Cli.Now.AddMinutes(-40)) },
            ]);
        });

        var run = await Cli.RunAsync(server, WithToken, "--utc", "cameras", "events", "s/cam-01", "--from", "-1h");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Timestamp.FromDateTimeOffset(Cli.Now.AddHours(-1)), received!.From);
        Assert.Equal(Timestamp.FromDateTimeOffset(Cli.Now), received.To);
        Assert.Equal(
            ["2026-11-22 09:10:00Z  motion   a  {}", "2026-11-22 09:20:00Z  status   b  {\"state\":\"online\"}"],
            run.OutLines);
    }
}
