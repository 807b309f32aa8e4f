using CameraBeheer.Contracts.Tls;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using V1 = CameraBeheer.Contracts.V1;

namespace CameraBeheer.Cli;

/// <summary>A connection to a CameraBeheer server: one gRPC channel that sends the caller's bearer token with every call.</summary>
/// <remarks>Free of console I/O so that commands, end-to-end tests and other tools can share it.</remarks>
public sealed class CameraBeheerClient : IDisposable
{
    /// <summary>How long connecting may take; without it a firewall that drops packets keeps an operator waiting for minutes.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <param name="server">The server's address, http:// or https://.</param>
    /// <param name="token">The bearer token (JWT); null for calls that need none, such as the health check.</param>
    /// <param name="httpHandler">Optional transport, e.g. a test server's handler; by default a socket handler with <see cref="ConnectTimeout"/>.</param>
    /// <param name="trustedCa">Trust only this CA for https:// (a site's own or a test CA); null: the system's CAs.</param>
    /// <exception cref="ArgumentException">A token would go over plain http:// to another machine.</exception>
    public CameraBeheerClient(Uri server, string? token, HttpMessageHandler? httpHandler = null, CertificateAuthorityTrust? trustedCa = null)
        : this([server], token, httpHandler, trustedCa)
    {
    }

    /// <summary>A client of several servers (the silos of a cluster): each call goes to the one that answered last, and to the next when that one cannot be reached.</summary>
    /// <param name="servers">The servers' addresses, all http:// or all https://.</param>
    /// <param name="token">The bearer token (JWT); null for calls that need none, such as the health check.</param>
    /// <param name="httpHandler">Optional transport; by default a socket handler with <see cref="ConnectTimeout"/>.</param>
    /// <param name="trustedCa">Trust only this CA for https:// (a site's own or a test CA); null: the system's CAs.</param>
    /// <exception cref="ArgumentException">A token would go over plain http:// to another machine, or the schemes differ.</exception>
    public CameraBeheerClient(IReadOnlyList<Uri> servers, string? token, HttpMessageHandler? httpHandler = null, CertificateAuthorityTrust? trustedCa = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        if (servers.Count == 0 || servers.Any(s => s is null)) throw new ArgumentException("at least one server address is needed", nameof(servers));
        if (servers.Select(s => s.Scheme).Distinct().Count() > 1)
            throw new ArgumentException("the servers are partly http:// and partly https://: give them all the same scheme", nameof(servers));
        foreach (var server in servers)
            if (token is not null && TokenTransport.Problem(server) is { } problem) throw new ArgumentException(problem, nameof(servers));
        var first = servers[0];
        var ownsHandler = httpHandler is null;
        if (servers.Count > 1)
        {
            _failover = new ServerFailover(servers, httpHandler ?? SocketsHandler(trustedCa));
            httpHandler = _failover;
        }
        _server = first;
        Channel = GrpcChannel.ForAddress(first, ChannelOptions(first, token, httpHandler, trustedCa, ownsHandler: ownsHandler && servers.Count > 1));
        Residents = new V1.Residents.ResidentsClient(Channel);
        Guests = new V1.Guests.GuestsClient(Channel);
        TimeOuts = new V1.TimeOuts.TimeOutsClient(Channel);
        PoliceNotifications = new V1.PoliceNotifications.PoliceNotificationsClient(Channel);
        Reports = new V1.Reports.ReportsClient(Channel);
        Evacuation = new V1.Evacuation.EvacuationClient(Channel);
        Site = new V1.Site.SiteClient(Channel);
        Cameras = new V1.Cameras.CamerasClient(Channel);
        Audit = new V1.Audit.AuditClient(Channel);
        Retention = new V1.Retention.RetentionClient(Channel);
        Alerts = new V1.Alerts.AlertsClient(Channel);
        FootageRequests = new V1.FootageRequests.FootageRequestsClient(Channel);
        Accounts = new V1.Accounts.AccountsClient(Channel);
        EdgeAgents = new V1.EdgeAgents.EdgeAgentsClient(Channel);
        Health = new Health.HealthClient(Channel);
    }

    private readonly ServerFailover? _failover;
    private readonly Uri _server;

    /// <summary>The server calls go to: the only one, or of several the one that answered last.</summary>
    public Uri Server => _failover?.Current ?? _server;

    public GrpcChannel Channel { get; }

    public V1.Residents.ResidentsClient Residents { get; }

    public V1.Guests.GuestsClient Guests { get; }

    public V1.TimeOuts.TimeOutsClient TimeOuts { get; }

    public V1.PoliceNotifications.PoliceNotificationsClient PoliceNotifications { get; }

    public V1.Reports.ReportsClient Reports { get; }

    public V1.Evacuation.EvacuationClient Evacuation { get; }

    public V1.Site.SiteClient Site { get; }

    public V1.Cameras.CamerasClient Cameras { get; }

    public V1.Audit.AuditClient Audit { get; }

    public V1.Retention.RetentionClient Retention { get; }

    public V1.Alerts.AlertsClient Alerts { get; }

    public V1.FootageRequests.FootageRequestsClient FootageRequests { get; }

    public V1.Accounts.AccountsClient Accounts { get; }
    public V1.EdgeAgents.EdgeAgentsClient EdgeAgents { get; }

    /// <summary>The standard grpc.health.v1 service; answers without a token.</summary>
    public Health.HealthClient Health { get; }

    public void Dispose() => Channel.Dispose();

    private static GrpcChannelOptions ChannelOptions(Uri server, string? token, HttpMessageHandler? httpHandler, CertificateAuthorityTrust? trustedCa, bool ownsHandler = false)
    {
        var options = new GrpcChannelOptions
        {
            HttpHandler = httpHandler ?? SocketsHandler(trustedCa),
            DisposeHttpClient = httpHandler is null || ownsHandler,
        };
        if (token is null) return options;

        var bearer = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("Authorization", $"Bearer {token}");
            return Task.CompletedTask;
        });
        var transport = server.Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        options.Credentials = ChannelCredentials.Create(transport, bearer);
        // The embedded default serves plain HTTP/2 on loopback; gRPC drops call credentials there unless told it is intended.
        options.UnsafeUseInsecureChannelCallCredentials = server.Scheme == Uri.UriSchemeHttp;
        return options;
    }

    private static SocketsHttpHandler SocketsHandler(CertificateAuthorityTrust? trustedCa)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = ConnectTimeout, EnableMultipleHttp2Connections = true };
        if (trustedCa is not null) handler.SslOptions.RemoteCertificateValidationCallback = trustedCa.Validate;
        return handler;
    }
}
