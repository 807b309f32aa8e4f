extern alias web;
using System.Globalization;
using System.Net;
using CameraBeheer.Contracts.Tls;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using WebConsoleOptions = web::CameraBeheer.Web.WebConsoleOptions;
using WebConsoleRegistration = web::CameraBeheer.Web.WebConsoleRegistration;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// The web console's own endpoint (<c>Web:Port</c>, default 5088; <c>Web:BindAddress</c>, default 127.0.0.1): HTTP/1.1
/// for browsers, beside the HTTP/2 gRPC endpoint, with the same TLS rule (TLS when <c>Tls:*</c> is set, plaintext only
/// on loopback). The console reaches the API through the host's own gRPC endpoint, as any client would.
/// </summary>
/// <remarks>
/// The console compiles the protos as a client and the host as a server: the same message types in two assemblies. The
/// reference to it carries the alias <c>web</c>, so its types are seen here only by that name and never clash.
/// </remarks>
public static class WebConsoleHosting
{
    public const int DefaultPort = 5088;

    public static Uri AddWebConsoleEndpoint(this WebApplicationBuilder builder, ServerCertificate tls)
    {
        var configuration = builder.Configuration;
        var bind = configuration["Web:BindAddress"] ?? "127.0.0.1";
        if (!IPAddress.TryParse(bind, out var address)) throw new ArgumentException($"Web:BindAddress '{bind}' is not an IP address");
        if (LoopbackAddresses.PlaintextBindProblem("the web console", "Web:BindAddress", address, tls.Enabled) is { } problem)
            throw new ArgumentException(problem);
        var port = DefaultPort;
        if (configuration["Web:Port"] is { Length: > 0 } configured)
        {
            HostArguments.CheckPort("Web:Port", configured);
            port = int.Parse(configured, CultureInfo.InvariantCulture);
        }
        // Known before start: the console's pages answer only on this port.
        if (port == 0) port = FreePort.Find();

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.UseServerTls(tls);
        }));
        WebConsoleRegistration.AddWebConsole(builder, new WebConsoleOptions
        {
            Port = port,
            BackendAddress = services => OwnGrpcAddress(services, port),
            BackendCertificate = tls.Certificate,
        });
        var shown = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : address.ToString();
        return new Uri($"{(tls.Enabled ? "https" : "http")}://{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && shown != "127.0.0.1" ? $"[{shown}]" : shown)}:{port}");
    }

    private static readonly Action<ILogger, Uri, Exception?> Listening =
        LoggerMessage.Define<Uri>(LogLevel.Information, new EventId(1, "WebConsoleListening"), "Web console at {Url} (sign in with an account; see the README)");

    public static void LogListening(ILogger logger, Uri url) => Listening(logger, url, null);

        public static WebApplication UseWebConsole(this WebApplication app) => WebConsoleRegistration.UseWebConsole(app);

    public static WebApplication MapWebConsole(this WebApplication app) => WebConsoleRegistration.MapWebConsole(app);

    /// <summary>The gRPC endpoint as Kestrel listens on it; a wildcard bind is reached on loopback.</summary>
    private static Uri OwnGrpcAddress(IServiceProvider services, int webPort)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var grpc = new Uri(addresses.First(a => new Uri(a).Port != webPort));
        var host = grpc.Host is "0.0.0.0" or "[::]" ? "127.0.0.1" : grpc.Host;
        return new UriBuilder(grpc) { Host = host }.Uri;
    }
}

/// <summary>Where the web console answers, for the start-up line.</summary>
public sealed record WebConsoleAddress(Uri Url);
