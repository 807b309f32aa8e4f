using System.Net.Sockets;

namespace CameraBeheer.Cli;

/// <summary>
/// Sends each gRPC request to the server that answered last and, when that one cannot be reached (connection refused,
/// no route, connect timeout: nothing of the call was sent), to the next, round the list once. Any silo of a cluster
/// answers any call, so this is the whole of a client's failover. A failure after the request went out (a stream
/// broken halfway) is not repeated here: the command sees UNAVAILABLE, and a watch reconnects, through this handler
/// again. Hand-rolled as a handler rather than gRPC's client-side balancing (static resolver, pick_first) because the
/// handler keeps each request addressed to one server by its own name: TLS checks that server's certificate, and the
/// rule that a token goes over plain http:// only to this machine holds per address, as with one server.
/// </summary>
/// <remarks>
/// Not a <see cref="DelegatingHandler"/> on purpose: Grpc.Net.Client looks through a delegating chain for a
/// <see cref="SocketsHttpHandler"/> and, finding one, connects its sockets to the channel's own address whatever the
/// request says; behind an invoker it treats the transport as opaque, and each request goes where it is addressed.
/// </remarks>
internal sealed class ServerFailover(IReadOnlyList<Uri> servers, HttpMessageHandler inner) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _inner = new(inner, disposeHandler: true);
    private int _current;

    /// <summary>The server the next request goes to first: the one that answered last.</summary>
    public Uri Current => servers[Volatile.Read(ref _current)];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var start = Volatile.Read(ref _current);
        for (var attempt = 0; ; attempt++)
        {
            var index = (start + attempt) % servers.Count;
            request.RequestUri = OnServer(request.RequestUri!, servers[index]);
            try
            {
                var response = await _inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _current, index);
                return response;
            }
            catch (HttpRequestException e) when (attempt + 1 < servers.Count && Unreachable(e) && !cancellationToken.IsCancellationRequested)
            {
                // Nothing went out: the same request can go to the next server.
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>A failure to connect, as opposed to one after the request was sent.</summary>
    private static bool Unreachable(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
        || e.InnerException is SocketException or TimeoutException
        || e.InnerException is OperationCanceledException; // SocketsHttpHandler's ConnectTimeout

    private static Uri OnServer(Uri request, Uri server) =>
        new UriBuilder(request) { Scheme = server.Scheme, Host = server.Host, Port = server.Port }.Uri;
}
