using System.Buffers;
using System.Text;
using CameraBeheer.Domain.Sites;
using CameraBeheer.Ingest;

namespace CameraBeheer.Fuzz;

/// <summary>
/// Fuzz target "edge-message": an MQTT message as the broker hands it to ingest. Input: the topic (UTF-8), a line feed,
/// the payload. The decoder's documented answer to bad input is <see cref="EdgeMessage.Rejected"/>; it never throws. Also
/// checked: the payload read in two pieces (as MQTTnet may hand it over) gets the same verdict, and the dead letter made
/// of a rejection holds no raw control characters.
/// </summary>
public static class EdgeMessageDecoderTarget
{
    /// <summary>The backend's clock during fuzzing: the corpus's timestamps lie just before it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static readonly EdgeMessageDecoder Decoder = new(SiteConfigurationLoader.LoadFile(SiteFile()), new StoppedClock(Now));

    public static void Run(ReadOnlySpan<byte> input)
    {
        var newline = input.IndexOf((byte)'\n');
        var topic = newline < 0 ? "" : Encoding.UTF8.GetString(input[..newline]);
        var payload = (newline < 0 ? input : input[(newline + 1)..]).ToArray();

        var whole = new ReadOnlySequence<byte>(payload);
        var message = Decoder.Decode(topic, whole);
        var split = Decoder.Decode(topic, TwoPieces(payload));
        if (message.GetType() != split.GetType() || (message as EdgeMessage.Rejected)?.Reason != (split as EdgeMessage.Rejected)?.Reason)
            throw new FuzzFinding($"the payload in one piece is {Verdict(message)}, in two pieces {Verdict(split)}");

        if (message is EdgeMessage.Rejected rejected)
        {
            var letter = DeadLetter.Of(Now, topic, whole, rejected);
            FuzzFinding.ThrowIfNotPrintable("the dead letter's topic", letter.Topic);
            FuzzFinding.ThrowIfNotPrintable("the dead letter's detail", letter.Detail);
            FuzzFinding.ThrowIfNotPrintable("the dead letter's excerpt", letter.Excerpt);
        }
    }

    private static string Verdict(EdgeMessage message) => message is EdgeMessage.Rejected r ? $"rejected ({r.Reason}: {r.Detail})" : message.GetType().Name;

    private static ReadOnlySequence<byte> TwoPieces(byte[] payload)
    {
        if (payload.Length < 2) return new ReadOnlySequence<byte>(payload);
        var half = payload.Length / 2;
        var first = new Piece(payload.AsMemory(0, half), 0);
        var second = first.Append(payload.AsMemory(half));
        return new ReadOnlySequence<byte>(first, 0, second, second.Memory.Length);
    }

    private static string SiteFile()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "config", "sites", "domus-almere-poort.json");
            if (File.Exists(Path.Combine(directory.FullName, "CameraBeheer.sln")) && File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"no CameraBeheer.sln with config/sites/domus-almere-poort.json above {AppContext.BaseDirectory}");
    }

    private sealed class Piece : ReadOnlySequenceSegment<byte>
    {
        public Piece(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Piece Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Piece(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
