using System.Security.Cryptography.X509Certificates;

namespace CameraBeheer.Web;

/// <summary>What the host tells the console: its own endpoint, and where its gRPC endpoint listens.</summary>
public sealed class WebConsoleOptions
{
    /// <summary>The port of the console's own HTTP/1.1 endpoint (pages, the Blazor circuit, its static files).</summary>
    public required int Port { get; init; }

    /// <summary>The host's gRPC address, asked for once it listens (a configured port 0 is known only then).</summary>
    public required Func<IServiceProvider, Uri> BackendAddress { get; init; }

    /// <summary>The host's own certificate when gRPC is served over TLS: the console trusts exactly that one.</summary>
    public X509Certificate2? BackendCertificate { get; init; }
}
