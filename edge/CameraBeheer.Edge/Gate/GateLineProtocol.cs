using System.Text;
using System.Text.RegularExpressions;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.Text;

namespace CameraBeheer.Edge.Gate;

/// <summary>One event line of a gate controller, parsed.</summary>
/// <param name="Kind">One of <see cref="GateEventKinds.All"/>.</param>
/// <param name="Badge">The badge id, for kind <c>badge</c> only.</param>
public sealed record GateLine(DateTimeOffset Ts, string Kind, string? Badge);

/// <summary>What became of one line: an event, nothing (a blank or comment line), or a problem to log.</summary>
public readonly record struct GateLineResult(GateLine? Line, string? Problem)
{
    public bool IsIgnored => Line is null && Problem is null;
}

/// <summary>
/// The gate controller's line protocol (Gate/PROTOCOL.md): ASCII lines ending in LF (CR LF accepted), at most
/// <see cref="MaxLineBytes"/> bytes, each <c>TIMESTAMP KIND [BADGE]</c>, e.g. <c>2026-11-22T10:00:02.123Z badge 04A3F2</c>.
/// Blank lines (keep-alives) and lines starting with '#' are ignored.
/// </summary>
public static partial class GateLineProtocol
{
    /// <summary>Longest line, without its line end.</summary>
    public const int MaxLineBytes = 256;

    /// <summary>Longest badge id.</summary>
    public const int MaxBadgeLength = 64;

    /// <summary>How far a line's time may be ahead of the agent's clock (the backend refuses more).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    /// <summary>Parses one line (without its LF). Never throws on input.</summary>
    /// <param name="now">The agent's clock, to refuse times too far ahead.</param>
    public static GateLineResult Parse(ReadOnlySpan<byte> line, DateTimeOffset now)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (line.Length > MaxLineBytes)
        {
            return Problem($"the line is longer than {MaxLineBytes} bytes");
        }

        foreach (var b in line)
        {
            if (b is < 0x20 or > 0x7E && b != (byte)'\t')
            {
                return Problem(b > 0x7E ? "the line is not ASCII" : "the line holds a control character");
            }
        }

        var text = Encoding.ASCII.GetString(line);
        var trimmed = text.Trim(' ', '\t');
        if (trimmed.Length == 0 || trimmed[0] == '#')
        {
            return default;
        }

        var fields = trimmed.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (!TryTimestamp(fields[0], out var ts))
        {
            return Problem($"'{Excerpt(fields[0])}' is not an RFC 3339 time with a zone (e.g. 2026-11-22T10:00:02.123Z)");
        }

        if (ts > now + MaxFutureSkew)
        {
            return Problem($"the time {ts.UtcDateTime:O} is more than {MaxFutureSkew.TotalMinutes:0} minutes ahead of this agent's clock ({now.UtcDateTime:O}); check the controller's clock");
        }

        if (fields.Length < 2)
        {
            return Problem("the event kind is missing after the time");
        }

        var kind = fields[1];
        if (!GateEventKinds.IsKnown(kind))
        {
            return Problem($"'{Excerpt(kind)}' is not an event kind ({GateEventKinds.List})");
        }

        if (kind == GateEventKinds.Badge)
        {
            if (fields.Length < 3)
            {
                return Problem("a badge line needs the badge id after 'badge'");
            }

            if (!BadgePattern().IsMatch(fields[2]))
            {
                return Problem($"'{Excerpt(fields[2])}' is not a badge id (1 to {MaxBadgeLength} letters, digits, '-', '_', ':', '.')");
            }

            if (fields.Length > 3)
            {
                return Problem($"unexpected text after the badge id: '{Excerpt(string.Join(' ', fields[3..]))}'");
            }

            return new GateLineResult(new GateLine(ts, kind, fields[2]), null);
        }

        if (fields.Length > 2)
        {
            return Problem($"unexpected text after '{kind}': '{Excerpt(string.Join(' ', fields[2..]))}' (only 'badge' takes a value)");
        }

        return new GateLineResult(new GateLine(ts, kind, null), null);
    }

    private static GateLineResult Problem(string problem) => new(null, problem);

    private static string Excerpt(string text) => Printable.Excerpt(text, 40);

    private static bool TryTimestamp(string text, out DateTimeOffset ts)
    {
        ts = default;
        var match = TimestampPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        // .NET reads at most 7 fraction digits; RFC 3339 allows more, which are below its resolution anyway.
        var fraction = match.Groups["fraction"].Value;
        var normalized = fraction.Length > 8 ? text.Replace(fraction, fraction[..8], StringComparison.Ordinal) : text;
        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.None, out ts);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?<fraction>\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    [GeneratedRegex(@"^[0-9A-Za-z:._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex BadgePattern();
}
