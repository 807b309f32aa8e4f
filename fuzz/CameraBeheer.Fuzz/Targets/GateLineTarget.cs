using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.Text;
using CameraBeheer.Edge.Gate;

namespace CameraBeheer.Fuzz;

/// <summary>
/// Fuzz target "gate-line": bytes from a gate controller, cut into lines at LF as the gate agent does. The protocol's
/// documented answer to a bad line is a problem text (it never throws); the problem and the line's excerpt go to the
/// log, so neither may hold raw control characters.
/// </summary>
public static class GateLineTarget
{
    /// <summary>The agent's clock during fuzzing: the corpus's lines lie just before it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static void Run(ReadOnlySpan<byte> input)
    {
        foreach (var range in input.Split((byte)'\n'))
        {
            var line = input[range];
            var result = GateLineProtocol.Parse(line, Now);
            if (result.Line is { } parsed && !GateEventKinds.All.Contains(parsed.Kind))
                throw new FuzzFinding($"a line was read as unknown kind '{parsed.Kind}'");
            FuzzFinding.ThrowIfNotPrintable("the gate line problem", result.Problem);
            FuzzFinding.ThrowIfNotPrintable("the gate line excerpt", Printable.AsciiExcerpt(line));
        }
    }
}
