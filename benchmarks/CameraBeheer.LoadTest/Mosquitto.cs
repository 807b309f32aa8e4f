using System.Diagnostics;
using System.Globalization;

namespace CameraBeheer.LoadTest;

/// <summary>A Mosquitto broker of this run on a free loopback port, configured so that nothing is dropped under load.</summary>
internal static class Mosquitto
{
    public const string Executable = "/usr/sbin/mosquitto";

    public static async Task<(ChildProcess Process, int Port)> StartAsync(string workFolder, int queueLimit, CancellationToken cancellationToken)
    {
        if (!File.Exists(Executable))
            throw new LoadTestException($"{Executable} not found: install the Debian package mosquitto (./test.sh does), or pass --broker HOST:PORT");
        var port = FreePort.Next();
        var config = Path.Combine(workFolder, "mosquitto.conf");
        // Mosquitto's defaults drop QoS 1 messages under load: a subscriber's queue holds 1000 messages (max_queued_messages),
        // so a backend that falls behind would silently lose events. The queue is made large enough for every event of
        // the run. max_inflight_messages 0 lifts the limit of 20 unacknowledged messages per v3 client and the receive
        // maximum the broker announces to v5 clients; towards a v5 subscriber the broker then honours that client's own
        // receive maximum, as it would in production (deploy/mosquitto/mosquitto.conf leaves it at its default).
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            # Written by CameraBeheer.LoadTest for one run.
            listener {port} 127.0.0.1
            allow_anonymous true
            persistence false
            max_queued_messages {queueLimit}
            max_queued_bytes 0
            max_inflight_messages 0
            max_inflight_bytes 0
            set_tcp_nodelay true
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            """), cancellationToken);
        var info = new ProcessStartInfo(Executable) { WorkingDirectory = workFolder };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(config);
        var process = ChildProcess.Start("mosquitto", info, Path.Combine(workFolder, "mosquitto.log"));
        try
        {
            await FreePort.WaitListeningAsync("127.0.0.1", port, TimeSpan.FromSeconds(10), () => process.HasExited, "mosquitto", cancellationToken);
        }
        catch (LoadTestException e)
        {
            await process.DisposeAsync();
            throw new LoadTestException($"{e.Message}:\n{process.Tail}");
        }
        return (process, port);
    }
}
