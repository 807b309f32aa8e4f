using System.Net;
using System.Net.Sockets;

namespace CameraBeheer.LoadTest;

/// <summary>Free loopback ports for the servers this run starts, and a wait for one to accept connections.</summary>
internal static class FreePort
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
                if (Handed.Add(port)) return port;
            }
        }
    }

    public static async Task WaitListeningAsync(string host, int port, TimeSpan timeout, Func<bool> gaveUp, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                if (gaveUp()) throw new LoadTestException($"{what} stopped before it listened on {host}:{port}");
                if (DateTime.UtcNow > deadline) throw new LoadTestException($"{what} does not listen on {host}:{port} after {timeout.TotalSeconds:0} s");
                await Task.Delay(50, cancellationToken);
            }
        }
    }
}
