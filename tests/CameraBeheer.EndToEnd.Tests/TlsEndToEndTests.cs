using System.Security.Authentication;
using CameraBeheer.Contracts.Tls;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>One host with a test certificate from configuration (PEM files), as <c>camerabeheer dev-certs</c> makes them.</summary>
public sealed class TlsHostFixture : IAsyncLifetime
{
    private HostProcess? _host;

    public DevCertificateFiles Certificates { get; } = TlsKit.NewCertificates();

    public HostProcess Host => _host ?? throw new InvalidOperationException("the host has not started");

    public async ValueTask InitializeAsync() => _host = await HostProcess.StartAsync(environment: TlsKit.ServerEnvironment(Certificates));

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}

/// <summary>TLS on gRPC and on the embedded MQTT broker: a client that trusts the test CA connects, any other is refused.</summary>
public sealed class TlsEndToEndTests(TlsHostFixture fixture) : IClassFixture<TlsHostFixture>
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task Grpc_is_served_over_https_to_a_client_that_trusts_the_test_ca()
    {
        Assert.Matches(@"^ready: grpc=https://127\.0\.0\.1:\d+ mqtt=127\.0\.0\.1:\d+ data=.+$", fixture.Host.ReadyLine);
        using var client = TlsKit.Client(fixture.Host, "operator", TlsKit.Trust(fixture.Certificates));

        var status = await client.Site.StatusAsync(new SiteStatusRequest());

        Assert.Equal(Site, status.Site);
        Assert.Equal(38, status.Cameras);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_test_ca_is_refused()
    {
        using var systemTrust = TlsKit.Client(fixture.Host, "operator", trust: null);
        var e = await Assert.ThrowsAsync<RpcException>(() => systemTrust.Site.StatusAsync(new SiteStatusRequest()).ResponseAsync);
        Assert.True(IsAuthenticationFailure(e), e.ToString());

        var otherCa = TlsKit.NewCertificates("tls-other");
        using var stranger = TlsKit.Client(fixture.Host, "operator", TlsKit.Trust(otherCa));
        var refused = await Assert.ThrowsAsync<RpcException>(() => stranger.Site.StatusAsync(new SiteStatusRequest()).ResponseAsync);
        Assert.True(IsAuthenticationFailure(refused), refused.ToString());
    }

    [Fact]
    public async Task Plain_http_to_the_https_port_gets_no_answer()
    {
        var https = TlsKit.GrpcUrl(fixture.Host);
        using var plain = new CameraBeheerClient(new Uri($"http://127.0.0.1:{https.Port}"), fixture.Host.Token("operator"));
        var e = await Assert.ThrowsAsync<RpcException>(() => plain.Site.StatusAsync(new SiteStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
        Assert.NotEqual(StatusCode.OK, e.StatusCode);
    }

    [Fact]
    public async Task The_cli_works_over_https_with_ca_file_and_says_what_to_do_without_it()
    {
        var server = TlsKit.GrpcUrl(fixture.Host).ToString();
        var token = fixture.Host.Token("operator");

        var (code, output, error) = await RunCliAsync("--server", server, "--ca-file", fixture.Certificates.CaCertificate, "--token", token, "cameras", "list");
        Assert.True(code == 0, error);
        Assert.Contains("cam-01", output, StringComparison.Ordinal);

        var (refused, _, why) = await RunCliAsync("--server", server, "--token", token, "cameras", "list");
        Assert.Equal(1, refused);
        var line = Assert.Single(why.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: cannot reach server {server.TrimEnd('/')}", line, StringComparison.Ordinal);
        Assert.Contains("--ca-file", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embedded_broker_takes_events_over_tls_from_a_client_that_trusts_the_test_ca()
    {
        var motionTime = DateTimeOffset.UtcNow.AddSeconds(-3);
        var agent = await AddAgentAsync();
        using (var edge = await TlsKit.ConnectMqttAsync(fixture.Host.MqttPort, TlsKit.Trust(fixture.Certificates), agent.User, agent.Secret))
        {
            await TlsKit.PublishAsync(edge, EdgeTopics.Motion(Site, "cam-07"), EdgePublisher.Motion("tls-1", motionTime, "start", "desk", 0.5));
            await edge.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }

        // The PUBACK came after the event was stored: it is there at once.
        using var client = TlsKit.Client(fixture.Host, "operator", TlsKit.Trust(fixture.Certificates));
        Assert.Equal(["tls-1"], await CameraEvents.IdsAsync(client, Site, "cam-07", motionTime));
    }

    [Fact]
    public async Task The_embedded_broker_refuses_clients_that_do_not_trust_the_ca_and_plaintext()
    {
        // With the right credentials each time: what refuses them is the TLS, not the login.
        var agent = await AddAgentAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => TlsKit.ConnectMqttAsync(fixture.Host.MqttPort, trust: null, agent.User, agent.Secret));
        await Assert.ThrowsAnyAsync<Exception>(() => TlsKit.ConnectMqttAsync(fixture.Host.MqttPort, TlsKit.Trust(TlsKit.NewCertificates("tls-other")), agent.User, agent.Secret));
        await Assert.ThrowsAnyAsync<Exception>(() => TlsKit.ConnectMqttAsync(fixture.Host.MqttPort, trust: null, agent.User, agent.Secret, tls: false));

        // The broker is still there for a trusted client afterwards.
        using var trusted = await TlsKit.ConnectMqttAsync(fixture.Host.MqttPort, TlsKit.Trust(fixture.Certificates), agent.User, agent.Secret);
        Assert.True(trusted.IsConnected);
    }

    /// <summary>An edge agent for every camera and gate, added over HTTPS gRPC as an administrator would.</summary>
    private async Task<EdgeCredentials> AddAgentAsync()
    {
        using var admin = TlsKit.Client(fixture.Host, "admin", TlsKit.Trust(fixture.Certificates));
        var reply = await admin.EdgeAgents.AddAsync(new AddEdgeAgentRequest { Name = $"tls-edge-{Guid.NewGuid():N}"[..17], AllCameras = true, AllGates = true });
        return new EdgeCredentials(reply.Agent.Name, reply.Secret);
    }

    private static bool IsAuthenticationFailure(RpcException e)
    {
        for (Exception? inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
            if (inner is AuthenticationException) return true;
        return false;
    }

    private static async Task<(int Code, string Out, string Err)> RunCliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
