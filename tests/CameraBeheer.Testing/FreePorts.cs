using System.Net;
using System.Net.Sockets;

namespace CameraBeheer.Testing;

/// <summary>Free loopback ports for the servers a test (or the load test) starts, and a wait for one to accept connections.</summary>
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
                // Never hand the same port to two servers of one run.
                if (Handed.Add(port)) return port;
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="what"/> accepts connections on 127.0.0.1:<paramref name="port"/>; fails at once, with
    /// <paramref name="output"/>, when <paramref name="hasExited"/> says the process is gone.
    /// </summary>
    public static async Task WaitListeningAsync(int port, string what, Func<bool> hasExited, Func<string> output, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (hasExited()) throw new InvalidOperationException($"{what} exited before it listened on 127.0.0.1:{port}:\n{output()}");
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (SocketException e)
            {
                throw new TimeoutException($"{what} did not accept connections on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s ({e.Message}):\n{output()}");
            }
        }
    }
}
