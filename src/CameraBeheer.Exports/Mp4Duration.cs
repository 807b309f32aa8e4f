using System.Buffers.Binary;

namespace CameraBeheer.Exports;

/// <summary>
/// Reads an MP4's duration from its movie header (<c>moov/mvhd</c>) without starting a process: a footage segment's end
/// is its start plus this, and an export of a day has thousands of segments, where one ffprobe each would cost minutes.
/// </summary>
internal static class Mp4Duration
{
    private const int HeaderBytes = 8;

    /// <summary>The duration, or null when the file has no usable movie header (then ask ffprobe).</summary>
    public static TimeSpan? TryRead(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            return FindMvhd(file, 0, file.Length, inMoov: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Walks the boxes in [start, end): at the top level into <c>moov</c>, inside it to <c>mvhd</c>.</summary>
    private static TimeSpan? FindMvhd(FileStream file, long start, long end, bool inMoov)
    {
        Span<byte> header = stackalloc byte[16];
        var position = start;
        while (position + HeaderBytes <= end)
        {
            file.Position = position;
            file.ReadExactly(header[..HeaderBytes]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = header.Slice(4, 4);
            var headerLength = HeaderBytes;
            if (size == 1)
            {
                file.ReadExactly(header.Slice(8, 8));
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header.Slice(8, 8));
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = end - position; // the box runs to the end
            }

            if (size < headerLength || position + size > end) return null; // damaged or cut off

            if (!inMoov && type.SequenceEqual("moov"u8))
                return FindMvhd(file, position + headerLength, position + size, inMoov: true);
            if (inMoov && type.SequenceEqual("mvhd"u8))
                return ReadMvhd(file, position + headerLength, size - headerLength);
            position += size;
        }
        return null;
    }

    private static TimeSpan? ReadMvhd(FileStream file, long start, long length)
    {
        Span<byte> body = stackalloc byte[32];
        if (length < 20) return null;
        file.Position = start;
        var read = file.Read(body[..(int)Math.Min(length, body.Length)]);
        var version = body[0];
        uint timescale;
        ulong duration;
        if (version == 1 && read >= 32)
        {
            timescale = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(20, 4));
            duration = BinaryPrimitives.ReadUInt64BigEndian(body.Slice(24, 8));
        }
        else if (version == 0 && read >= 20)
        {
            timescale = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(12, 4));
            duration = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(16, 4));
        }
        else
        {
            return null;
        }

        // Zero (a fragmented file) or all ones (unknown) says nothing about the length.
        if (timescale == 0 || duration == 0 || duration == uint.MaxValue || duration == ulong.MaxValue) return null;
        return TimeSpan.FromSeconds((double)duration / timescale);
    }
}
