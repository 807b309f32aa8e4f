using System.Globalization;
using System.Net;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// The Prometheus scrape endpoint (section <c>Metrics</c>): <c>Port</c>, default 9464 (Prometheus' registered port for
/// OpenTelemetry exporters), 0 = no endpoint; <c>BindAddress</c>, default 127.0.0.1 (anything else needs TLS, as every
/// listener of the backend).
/// </summary>
public sealed record MetricsSettings(int Port, IPAddress BindAddress)
{
    public const int DefaultPort = 9464;

    public bool Enabled => Port != 0;

    /// <summary>The scrape address, for the start-up log.</summary>
    public Uri ScrapeUrl(bool tls)
    {
        var host = BindAddress.Equals(IPAddress.Any) || BindAddress.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : BindAddress.ToString();
        return new UriBuilder(tls ? Uri.UriSchemeHttps : Uri.UriSchemeHttp, host, Port, "/metrics").Uri;
    }

    /// <exception cref="ArgumentException">A key is not a port or an IP address; the message names it.</exception>
    public static MetricsSettings From(IConfiguration configuration)
    {
        var port = DefaultPort;
        if (configuration["Metrics:Port"] is { Length: > 0 } configured
            && (!int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > IPEndPoint.MaxPort))
            throw new ArgumentException($"Metrics:Port '{configured}' is not a port number (1-65535, or 0 for no metrics endpoint)");
        var bind = configuration["Metrics:BindAddress"] ?? "127.0.0.1";
        if (!IPAddress.TryParse(bind, out var address)) throw new ArgumentException($"Metrics:BindAddress '{bind}' is not an IP address");
        return new MetricsSettings(port, address);
    }
}
