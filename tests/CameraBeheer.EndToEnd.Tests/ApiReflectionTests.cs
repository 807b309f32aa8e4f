using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// gRPC server reflection on the real host over a real socket, as <c>grpcurl -plaintext 127.0.0.1:5080 list</c> asks it
/// (grpcurl speaks v1alpha first): every service is listed and described, without a token.
/// </summary>
public sealed class ApiReflectionTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Reflection_lists_every_service_of_the_api_without_a_token()
    {
        using var channel = GrpcChannel.ForAddress(fixture.Host.GrpcUrl);
        var listed = await AskAsync(channel, new ServerReflectionRequest { ListServices = "" });

        var names = listed.ListServicesResponse.Service.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var expected = AuthorisationMatrix.Rpcs.Keys.Select(rpc => rpc[..rpc.IndexOf('/', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Except(names).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"reflection does not list {string.Join(", ", missing)}; it lists {string.Join(", ", names.Order(StringComparer.Ordinal))}");
        Assert.Contains("camerabeheer.v1.Alerts", names);
    }

    [Fact]
    public async Task Reflection_describes_a_service_so_a_client_can_call_it()
    {
        using var channel = GrpcChannel.ForAddress(fixture.Host.GrpcUrl);
        var described = await AskAsync(channel, new ServerReflectionRequest { FileContainingSymbol = "camerabeheer.v1.Alerts" });

        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse, described.MessageResponseCase);
        var files = described.FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(bytes)).ToList();
        var alerts = files.SelectMany(f => f.Service).Single(s => s.Name == "Alerts");
        Assert.Contains(alerts.Method, m => m.Name == "Acknowledge");
    }

    private static async Task<ServerReflectionResponse> AskAsync(GrpcChannel channel, ServerReflectionRequest request)
    {
        var client = new ServerReflection.ServerReflectionClient(channel);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = client.ServerReflectionInfo(cancellationToken: timeout.Token);
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token), "the reflection service ended without an answer");
        var response = call.ResponseStream.Current;
        Assert.True(response.MessageResponseCase != ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse,
            $"reflection answered with an error: {response.ErrorResponse?.ErrorMessage}");
        return response;
    }
}
