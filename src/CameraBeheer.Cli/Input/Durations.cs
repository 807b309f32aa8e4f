using System.Globalization;
using System.Text.RegularExpressions;

namespace CameraBeheer.Cli.Input;

/// <summary>Short durations as people type them: <c>90s</c>, <c>30m</c>, <c>8h</c>, <c>7d</c>.</summary>
internal static partial class Durations
{
    public const string Forms = "a number with s, m, h or d (e.g. 90s, 30m, 8h, 7d)";

    // Far beyond anything the CLI accepts, yet small enough that TimeSpan arithmetic cannot overflow.
    private static readonly TimeSpan Ceiling = TimeSpan.FromDays(100 * 365);

    /// <summary>Parses <c>N[smhd]</c>; false for anything else, including numbers too large to mean anything.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var match = Shorthand().Match(text);
        if (!match.Success) return false;
        if (!long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)) return false;

        var unit = match.Groups[2].Value[0] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            _ => TimeSpan.FromDays(1),
        };
        if (amount > Ceiling.Ticks / unit.Ticks) return false;
        value = unit * amount;
        return true;
    }

    [GeneratedRegex(@"^([0-9]{1,12})([smhd])$", RegexOptions.CultureInvariant)]
    private static partial Regex Shorthand();
}
