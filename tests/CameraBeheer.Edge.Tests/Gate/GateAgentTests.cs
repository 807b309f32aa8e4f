using System.Net;
using System.Net.Sockets;
using CameraBeheer.Edge.Gate;
using CameraBeheer.Edge.Tests.Messaging;

namespace CameraBeheer.Edge.Tests.Gate;

public sealed class GateAgentTests() : FolderPerTest("gate")
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task Good_lines_become_gate_events_bad_lines_are_skipped_on_the_same_connection_and_a_dropped_connection_is_reopened()
    {
        using var controller = new TcpListener(IPAddress.Loopback, 0);
        controller.Start();
        var logger = new TestLogger<GateAgent>();
        await using var outbox = new EdgeOutbox(new EdgeOutboxOptions { Folder = Folder.Sub("outbox"), Site = Site });
        var agent = new GateAgent(Options(((IPEndPoint)controller.LocalEndpoint).Port), outbox, logger);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = agent.RunAsync(stop.Token);

        using (var first = await controller.AcceptTcpClientAsync(Ct))
        {
            var stream = first.GetStream();
            await SendAsync(stream, "# DAP-gate v2.1\n");
            await SendAsync(stream, "2026-11-22T10:00:01.870Z badge 04A3F2\n");
            await SendAsync(stream, "2026-11-22T10:00:02.123Z opened\n");
            await stream.WriteAsync("garbage \x01\xFF line\n"u8.ToArray().Concat(new byte[] { 0xC3, 0x28, (byte)'\n' }).ToArray(), Ct);
            await SendAsync(stream, "2026-11-22T10:00:03Z unlocked\n");
            await SendAsync(stream, "2026-11-22 10:00:04Z closed\n");
            await SendAsync(stream, "2026-11-22T10:00:05Z badge\n");
            await SendAsync(stream, "2026-11-22T10:00:06Z opened 04A3F2\n");
            await SendAsync(stream, new string('x', 300) + "\n");
            await SendAsync(stream, "\r\n");
            await SendAsync(stream, "2026-11-22T11:00:07.5+01:00  forced\r\n");
            await SendAsync(stream, "2026-11-22T10:00:08.000Z held-open\n");
            await Waiting.UntilAsync(() => outbox.Stats.Events == 4, "the four good lines of the first connection");
            Assert.Equal(1, agent.Connections); // bad lines did not cost the connection
            Assert.Equal(7, agent.LinesRejected);
        } // the controller drops the connection

        using (var second = await controller.AcceptTcpClientAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct))
        {
            var stream = second.GetStream();
            await SendAsync(stream, "2026-11-22T10:00:01.870Z badge 04A3F2\n"); // sent again after the reconnect
            await SendAsync(stream, "2026-11-22T10:00:09.000Z closed\n2026-11-22T10:00:10.000Z intercom\n");
            await Waiting.UntilAsync(() => outbox.Stats.Events == 6, "the lines of the second connection");
        }

        Assert.Equal(2, agent.Connections);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        var events = EdgeOutboxTests.Drain(outbox).Select(m => JsonDocument.Parse(m.Payload).RootElement).ToList();
        Assert.Equal(
            [
                "g-20261122T100001870Z-badge-0 2026-11-22T10:00:01.870Z badge 04A3F2",
                "g-20261122T100002123Z-opened-0 2026-11-22T10:00:02.123Z opened -",
                "g-20261122T100007500Z-forced-0 2026-11-22T10:00:07.500Z forced -",
                "g-20261122T100008000Z-held-open-0 2026-11-22T10:00:08.000Z held-open -",
                "g-20261122T100009000Z-closed-0 2026-11-22T10:00:09.000Z closed -",
                "g-20261122T100010000Z-intercom-0 2026-11-22T10:00:10.000Z intercom -",
            ],
            events.Select(e => $"{e.GetProperty("id").GetString()} {e.GetProperty("ts").GetString()} {e.GetProperty("kind").GetString()} {(e.TryGetProperty("badge", out var b) ? b.GetString() : "-")}"));

        var warnings = logger.At(LogLevel.Warning).Where(m => m.Contains("skipped a bad line", StringComparison.Ordinal)).ToList();
        Assert.Contains(warnings, m => m.Contains("\"garbage \\x01\\xC3\\xBF line\"", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("not ASCII", StringComparison.Ordinal) && m.Contains("\"\\xC3(\"", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("'unlocked' is not an event kind", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("not an RFC 3339 time", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("needs the badge id", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("only 'badge' takes a value", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("longer than 256 bytes", StringComparison.Ordinal));
        Assert.All(warnings, m => Assert.DoesNotContain('\x01', m));
    }

    [Fact]
    public async Task An_unreachable_controller_is_retried_until_it_listens()
    {
        var port = FreePorts.Next();
        var logger = new TestLogger<GateAgent>();
        await using var outbox = new EdgeOutbox(new EdgeOutboxOptions { Folder = Folder.Sub("outbox"), Site = Site });
        var agent = new GateAgent(Options(port), outbox, logger);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = agent.RunAsync(stop.Token);
        await Waiting.UntilAsync(() => logger.At(LogLevel.Warning).Any(), "the first failed attempt");

        using var controller = new TcpListener(IPAddress.Loopback, port);
        controller.Start();
        using var connection = await controller.AcceptTcpClientAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await SendAsync(connection.GetStream(), "2026-11-22T10:00:02.123Z opened\n");
        await Waiting.UntilAsync(() => outbox.Stats.Events == 1, "the event after the controller came up");

        Assert.Contains(logger.At(LogLevel.Warning), m => m.Contains("cannot read the controller", StringComparison.Ordinal));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    private static GateAgentOptions Options(int port) => new()
    {
        Gate = "poort",
        Host = "127.0.0.1",
        Port = port,
        MinBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    private static async Task SendAsync(NetworkStream stream, string text) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text), Ct);
}
