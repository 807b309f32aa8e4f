namespace CameraBeheer.Host.Grpc;

/// <summary>
/// gRPC server reflection, so <c>grpcurl -plaintext 127.0.0.1:5080 list</c> and Postman can list and describe the API.
/// It needs no token: it tells only the API's shape, which the protos in the repository show anyway; every call it
/// describes still needs its token and role.
/// </summary>
public static class ApiReflection
{
    public static WebApplicationBuilder AddApiReflection(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpcReflection();
        return builder;
    }

    public static WebApplication MapApiReflection(this WebApplication app)
    {
        app.MapGrpcReflectionService().AllowAnonymous();
        return app;
    }
}
