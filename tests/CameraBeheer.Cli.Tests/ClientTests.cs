using CameraBeheer.Contracts.V1;
using Grpc.Health.V1;

namespace CameraBeheer.Cli.Tests;

public sealed class ClientTests
{
    [Fact]
    public async Task Client_sends_the_token_to_every_service_and_none_without_one()
    {
        var server = new FakeGrpcServer()
            .On("/grpc.health.v1.Health/Check", new HealthCheckResponse())
            .On("/camerabeheer.v1.Cameras/List", new ListCamerasReply());
        var ct = TestContext.Current.CancellationToken;

        using (var client = new CameraBeheerClient(new Uri("http://127.0.0.1:5080"), "t0k3n", server))
        {
            await client.Health.CheckAsync(new HealthCheckRequest(), cancellationToken: ct);
            await client.Cameras.ListAsync(new ListCamerasRequest(), cancellationToken: ct);
        }
        using (var anonymous = new CameraBeheerClient(new Uri("http://127.0.0.1:5080"), token: null, server))
            await anonymous.Health.CheckAsync(new HealthCheckRequest(), cancellationToken: ct);

        Assert.Equal(["Bearer t0k3n", "Bearer t0k3n", null], server.Calls.Select(c => c.Authorization));
    }
}
