using CameraBeheer.Contracts.V1;
using Grpc.Health.V1;

namespace CameraBeheer.Cli.Tests;

/// <summary>A token goes over plain http:// to this machine only; to any other host the CLI refuses before it connects.</summary>
public sealed class TokenTransportTests
{
    private const string Token = "eyJhbGciOiJIUzI1NiJ9.e30.sig";
    private static readonly Dictionary<string, string> WithToken = new() { ["CAMERABEHEER_TOKEN"] = Token };

    private static FakeGrpcServer Serving() => new FakeGrpcServer()
        .On("/grpc.health.v1.Health/Check", new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving })
        .On("/camerabeheer.v1.Site/Status", new SiteStatusReply { Site = "domus-almere-poort", Cameras = 38 })
        .On("/camerabeheer.v1.Cameras/List", new ListCamerasReply());

    [Theory]
    [InlineData("http://192.0.2.10:5080", "192.0.2.10")]
    [InlineData("http://camerabeheer.domus.local:5080", "camerabeheer.domus.local")]
    [InlineData("http://0.0.0.0:5080", "0.0.0.0")]
    [InlineData("http://[2001:db8::5]:5080", "[2001:db8::5]")]
    public async Task A_token_is_not_sent_over_plain_http_to_another_machine(string server, string host)
    {
        var fake = Serving();

        var run = await Cli.RunAsync(fake, WithToken, "cameras", "list", "--server", server);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"error: refusing to send the token over plain http:// to {host}, which is not this machine: use https://", line, StringComparison.Ordinal);
        Assert.Empty(fake.Calls); // refused before connecting: nothing left the machine
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task The_refusal_also_holds_for_a_token_from_the_environment_and_the_server_from_the_environment()
    {
        var fake = Serving();
        var environment = new Dictionary<string, string>(WithToken) { ["CAMERABEHEER_SERVER"] = "http://10.0.0.5:5080" };

        var run = await Cli.RunAsync(fake, environment, "status");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("refusing to send the token over plain http:// to 10.0.0.5", run.Error, StringComparison.Ordinal);
        Assert.Empty(fake.Calls);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    public async Task A_token_goes_over_plain_http_to_this_machine(string server)
    {
        var fake = Serving();

        var run = await Cli.RunAsync(fake, WithToken, "status", "--server", server);

        Assert.Equal(0, run.ExitCode);
        Assert.All(fake.Calls, call => Assert.Equal($"Bearer {Token}", call.Authorization));
        Assert.Equal(2, fake.Calls.Count);
    }

    [Fact]
    public async Task Without_a_token_the_health_check_may_go_to_another_machine_over_http()
    {
        var fake = Serving();

        var run = await Cli.RunAsync(fake, environment: null, "status", "--server", "http://192.0.2.10:5080");

        Assert.Equal(0, run.ExitCode);
        var call = Assert.Single(fake.Calls);
        Assert.Null(call.Authorization);
    }

    [Fact]
    public async Task A_token_goes_over_https_to_another_machine()
    {
        var fake = Serving();

        var run = await Cli.RunAsync(fake, WithToken, "status", "--server", "https://camerabeheer.domus.local:5080");

        Assert.Equal(0, run.ExitCode);
        Assert.All(fake.Calls, call => Assert.Equal($"Bearer {Token}", call.Authorization));
    }

    [Fact]
    public async Task A_missing_ca_file_is_named_before_connecting()
    {
        var fake = Serving();
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-ca-{Guid.NewGuid():N}.crt");

        var run = await Cli.RunAsync(fake, WithToken, "status", "--server", "https://localhost:5080", "--ca-file", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: --ca-file '{missing}': no such file (the CA certificate, PEM)", Assert.Single(run.ErrorLines));
        Assert.Empty(fake.Calls);
    }

    [Fact]
    public async Task The_ca_file_can_come_from_the_environment()
    {
        var fake = Serving();
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-ca-{Guid.NewGuid():N}.crt");
        var environment = new Dictionary<string, string>(WithToken) { ["CAMERABEHEER_CA_FILE"] = missing };

        var run = await Cli.RunAsync(fake, environment, "status", "--server", "https://localhost:5080");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: CAMERABEHEER_CA_FILE '{missing}'", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void The_client_library_refuses_too()
    {
        var e = Assert.Throws<ArgumentException>(() => new CameraBeheerClient(new Uri("http://192.0.2.10:5080"), Token));
        Assert.Contains("refusing to send the token over plain http:// to 192.0.2.10", e.Message, StringComparison.Ordinal);
    }
}
