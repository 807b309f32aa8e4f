using System.Net;
using System.Net.Sockets;

namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>Free loopback ports for the servers a test starts.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                // Never hand the same port to two servers of one test run.
                if (Handed.Add(port)) return port;
            }
        }
    }
}
