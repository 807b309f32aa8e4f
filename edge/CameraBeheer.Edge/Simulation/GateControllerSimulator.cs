using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CameraBeheer.Edge.Simulation;

/// <summary>
/// A gate controller on a loopback port speaking the line protocol of <c>Gate/PROTOCOL.md</c>: every minute a badge,
/// the gate opening and, five seconds later, closing.
/// </summary>
public sealed class GateControllerSimulator(TimeProvider time, ILogger<GateControllerSimulator> logger) : BackgroundService
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public int Port { get; private set; }

    /// <summary>Binds the port before the gate agent is configured with it.</summary>
    public int Bind()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        return Port;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(stoppingToken);
                await ServeAsync(client, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _listener.Stop();
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stoppingToken)
    {
        try
        {
            await using var writer = new StreamWriter(client.GetStream(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
            for (var visit = 1; !stoppingToken.IsCancellationRequested; visit++)
            {
                await writer.WriteLineAsync(Line($"badge 04A3{visit % 100:D2}"));
                await writer.WriteLineAsync(Line("opened"));
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
                await writer.WriteLineAsync(Line("closed"));
                await Task.Delay(TimeSpan.FromSeconds(55), time, stoppingToken);
            }
        }
        catch (IOException e)
        {
            logger.LogInformation("The gate agent disconnected from the simulated gate controller: {Reason}", e.Message);
        }
    }

    private string Line(string what) =>
        $"{Domain.UtcTimestamps.Format(time.GetUtcNow())} {what}";
}
