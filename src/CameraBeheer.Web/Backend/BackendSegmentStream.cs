using CameraBeheer.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CameraBeheer.Web.Backend;

/// <summary>
/// A stored segment as a seekable, read-only stream over Cameras/ReadSegment, so that ASP.NET Core's range handling
/// (seek to the range's start, copy its length) serves the browser's range requests. One backend call per run of
/// reads from a position: a seek elsewhere ends it and the next read opens another (each audited by the backend).
/// </summary>
/// <remarks>Hand-rolled because no library turns a gRPC server stream into a seekable stream; it holds one chunk at a time.</remarks>
internal sealed class BackendSegmentStream(BackendClients backend, string site, string camera, DateTimeOffset start, long length, string reason, CancellationToken aborted)
    : Stream
{
    private AsyncServerStreamingCall<SegmentChunk>? _call;
    private ReadOnlyMemory<byte> _pending;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var to = origin switch { SeekOrigin.Current => _position + offset, SeekOrigin.End => length + offset, _ => offset };
        if (to < 0 || to > length) throw new ArgumentOutOfRangeException(nameof(offset), $"{to} is outside the segment's {length} bytes");
        if (to != _position) EndCall();
        _position = to;
        return _position;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0) return 0;
        if (_pending.IsEmpty)
        {
            _call ??= backend.Cameras.ReadSegment(new ReadSegmentRequest
            {
                Site = site, Camera = camera, Start = Timestamp.FromDateTimeOffset(start), Offset = _position, Reason = reason,
            }, cancellationToken: aborted);
            if (!await _call.ResponseStream.MoveNext(cancellationToken)) return 0;
            _pending = _call.ResponseStream.Current.Data.Memory;
        }
        var n = Math.Min(buffer.Length, _pending.Length);
        _pending[..n].CopyTo(buffer);
        _pending = _pending[n..];
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("the segment is read asynchronously only");

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void EndCall()
    {
        _call?.Dispose();
        _call = null;
        _pending = ReadOnlyMemory<byte>.Empty;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) EndCall();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        EndCall();
        return base.DisposeAsync();
    }
}
