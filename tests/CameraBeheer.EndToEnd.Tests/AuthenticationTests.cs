using Grpc.Health.V1;
using System.Security.Cryptography;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>Every method but health needs a valid token with a name and a role the method allows.</summary>
public sealed class AuthenticationTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private HostProcess Host => fixture.Host;

    private CameraBeheerClient WithToken(string token) => new(Host.GrpcUrl, token);

    private static async Task<StatusCode> StatusOf(Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        return e.StatusCode;
    }

    [Fact]
    public async Task Health_answers_serving_without_a_token()
    {
        using var client = Host.Client(role: null);
        var reply = await client.Health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task A_call_without_a_token_is_unauthenticated()
    {
        using var client = Host.Client(role: null);
        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(() => client.Site.StatusAsync(new SiteStatusRequest()).ResponseAsync));
    }

    [Fact]
    public async Task An_expired_token_is_unauthenticated()
    {
        var key = Contracts.Auth.SigningKeyFile.Load(Host.DataDirectory);
        var expired = TokenIssuer.Issue(key, "Late Officer", "operator", TimeSpan.FromHours(1), DateTimeOffset.UtcNow.AddHours(-3));
        using var client = WithToken(expired);
        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(() => client.Site.StatusAsync(new SiteStatusRequest()).ResponseAsync));
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_unauthenticated()
    {
        var forged = TokenIssuer.Issue(RandomNumberGenerator.GetBytes(64), "Mallory", "admin", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        using var client = WithToken(forged);
        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(() => client.Site.StatusAsync(new SiteStatusRequest()).ResponseAsync));
    }

    [Fact]
    public async Task A_malformed_token_is_unauthenticated()
    {
        using var client = WithToken("not.a.jwt");
        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(() => client.Site.StatusAsync(new SiteStatusRequest()).ResponseAsync));
    }

    [Fact]
    public async Task A_token_with_an_unknown_role_is_permission_denied()
    {
        using var client = Host.Client("janitor");
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => client.Site.StatusAsync(new SiteStatusRequest()).ResponseAsync));
    }

    [Theory]
    [InlineData("staff")]
    [InlineData("police")]
    [InlineData("operator")]
    public async Task Only_managers_and_admins_verify_the_audit_log(string role)
    {
        using var client = Host.Client(role);
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => client.Audit.VerifyAsync(new VerifyAuditRequest()).ResponseAsync));
    }

    [Fact]
    public async Task Police_may_not_browse_a_cameras_event_log()
    {
        using var client = Host.Client("police");
        var request = new CameraEventsRequest
        {
            Camera = "cam-01",
            From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
            To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        };
        var call = client.Cameras.Events(request);
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => call.ResponseStream.MoveNext(CancellationToken.None)));
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("police")]
    [InlineData("staff")]
    [InlineData("manager")]
    [InlineData("admin")]
    public async Task Every_role_sees_the_site_status(string role)
    {
        using var client = Host.Client(role);
        var status = await client.Site.StatusAsync(new SiteStatusRequest());
        Assert.Equal("domus-almere-poort", status.Site);
        Assert.Equal(38, status.Cameras);
    }
}
