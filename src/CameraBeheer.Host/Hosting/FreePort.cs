using System.Net;
using System.Net.Sockets;

namespace CameraBeheer.Host.Hosting;

/// <summary>Finds a free loopback port, for Orleans' internal endpoints when none is configured (several hosts on one machine).</summary>
public static class FreePort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
