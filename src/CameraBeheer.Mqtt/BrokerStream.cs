using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Channel;

namespace CameraBeheer.Mqtt;

/// <summary>
/// The TCP connection of an <see cref="MqttSession"/> to its broker: it reads whatever has arrived in one go and sends
/// what was written while the last send was under way together. MQTTnet opens it through its stream provider hook
/// (<see cref="BrokerStreamProvider"/>) and layers TLS on top when configured, as it does on its own socket.
/// </summary>
/// <remarks>
/// Why: MQTTnet's own channel reads each packet with three socket reads (the two bytes of the fixed header, a length byte,
/// the body) through an 8 KiB socket buffer, and writes each packet with a send of its own. The ingest receives tens of
/// thousands of events a second and acknowledges them a storing round at a time, and a profile of the backend under load
/// (perf, README "Performance") had a fifth of its CPU in those reads and sends. Here the reads go through a
/// <see cref="PipeReader"/> over the socket (one system call takes up to 64 KiB, many packets), and writes go into a
/// <see cref="Pipe"/> that one loop drains into the socket, so the acknowledgements of a round leave in a few sends.
/// System.IO.Pipelines does the buffering; this class only joins its two halves into the <see cref="Stream"/> the hook
/// asks for. A write returns once its bytes are queued; what a failed send lost, the broker sends again (QoS 1).
/// </remarks>
internal sealed class BrokerStream : Stream, IMqttClientStreamEndPoints
{
    /// <summary>How long closing waits for what was written (a DISCONNECT among it) to be sent.</summary>
    private static readonly TimeSpan SendOnClose = TimeSpan.FromSeconds(2);

    private readonly NetworkStream _network;
    private readonly Stream _incoming;

    // Writers wait when a megabyte is queued: a broker that stops reading holds the writer up rather than memory growing.
    private readonly Pipe _outgoing = new(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false));
    private readonly Task _sending;
    private int _closed;

    public BrokerStream(Socket socket)
    {
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
        _network = new NetworkStream(socket, ownsSocket: true);
        _incoming = PipeReader.Create(_network, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true))
            .AsStream(leaveOpen: true);
        _sending = Task.Run(SendAsync);
    }

    public EndPoint? LocalEndPoint { get; }

    public EndPoint? RemoteEndPoint { get; }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _incoming.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Throws what ended the sending loop (the socket's error) once it has ended.
        var queued = await _outgoing.Writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (queued.IsCompleted) throw new IOException("The connection to the broker is closed.");
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>Nothing to do: the sending loop sends what is written as soon as it can.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SendAsync()
    {
        var queue = _outgoing.Reader;
        try
        {
            while (true)
            {
                var result = await queue.ReadAsync().ConfigureAwait(false);
                foreach (var piece in result.Buffer) await _network.WriteAsync(piece).ConfigureAwait(false);
                queue.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted) break;
            }
            await queue.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The next write throws this; closing the socket ends the reads too, so MQTTnet sees the connection gone.
            await queue.CompleteAsync(e).ConfigureAwait(false);
            _network.Dispose();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _outgoing.Writer.Complete();
            // MQTTnet closes synchronously; what it wrote last (a DISCONNECT, so the broker sends no will) leaves first.
            _sending.Wait(SendOnClose);
            // The reader is left to end with the socket: completing it under a pending read would free the buffer being read into.
            _network.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>Opens an <see cref="MqttSession"/>'s connections as <see cref="BrokerStream"/>s.</summary>
internal sealed class BrokerStreamProvider : IMqttClientStreamProvider
{
    public static readonly BrokerStreamProvider Instance = new();

    /// <summary>The socket buffers MQTTnet gives its own connections.</summary>
    private static readonly int SocketBuffer = new MqttClientTcpOptions().BufferSize;

    public async Task<Stream> ConnectAsync(EndPoint brokerEndPoint, CancellationToken cancellationToken)
    {
        // Dual mode where the system has IPv6, so a host name, an IPv4 and an IPv6 address all connect. The buffers are
        // the ones MQTTnet sets on its own sockets (MqttClientTcpOptions.BufferSize), so only the reading and sending
        // differ from its channel; the load test's figures were measured with these.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = SocketBuffer, SendBufferSize = SocketBuffer };
        try
        {
            await socket.ConnectAsync(brokerEndPoint, cancellationToken).ConfigureAwait(false);
            return new BrokerStream(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
