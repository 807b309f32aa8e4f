using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using CameraBeheer.Web.Session;

namespace CameraBeheer.Web.Backend;

/// <summary>
/// The console's one channel to the host's own gRPC endpoint: every page goes through the same API, the same role
/// checks and the same audit log as the CLI. The address is asked for at the first call, when the endpoint listens.
/// </summary>
public sealed class BackendChannel : IDisposable
{
    private readonly Lazy<GrpcChannel>? _channel;
    private readonly CallInvoker? _invoker;

    public BackendChannel(WebConsoleOptions options, IServiceProvider services)
    {
        _channel = new Lazy<GrpcChannel>(() => GrpcChannel.ForAddress(options.BackendAddress(services), new GrpcChannelOptions
        {
            HttpHandler = Handler(options.BackendCertificate),
            MaxReceiveMessageSize = 4 * 1024 * 1024,
        }));
    }

    /// <summary>For component tests: calls go to a fake invoker instead of a socket.</summary>
    public BackendChannel(CallInvoker invoker) => _invoker = invoker;

    public CallInvoker Invoker => _invoker ?? _channel!.Value.CreateCallInvoker();

    /// <summary>The clients with the signed-in person's token on every call.</summary>
    public BackendClients For(ConsoleSession session) => new(Invoker, session.Token);

    /// <summary>The clients without a token: only sign-in needs them.</summary>
    public BackendClients Anonymous() => new(Invoker, null);

    /// <summary>
    /// Over TLS the host talks to itself: the certificate it is shown must be exactly its own (pinned), so a private CA
    /// needs no trust store here and nothing is switched off.
    /// </summary>
    private static SocketsHttpHandler Handler(X509Certificate2? own)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (own is not null)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == own.GetCertHashString();
        return handler;
    }

    public void Dispose()
    {
        if (_channel is { IsValueCreated: true }) _channel.Value.Dispose();
    }
}
