using System.Globalization;
using CameraBeheer.Contracts.Auth;

namespace CameraBeheer.Cli.Input;

/// <summary>What <c>token issue</c> accepts for role, name and validity, with messages that name the option.</summary>
internal static class TokenRequestRules
{
    public const int MaxNameLength = 100;
    public static readonly TimeSpan MaxValidity = TimeSpan.FromDays(31);

    public static string Role(string? role)
    {
        if (TokenContract.Roles.IsKnown(role)) return role!;
        throw new UsageException($"--role: unknown role '{Printable(role ?? "")}'; use one of: {string.Join(", ", TokenContract.Roles.All)}");
    }

    /// <summary>The name ends up in the audit log, so it must be one readable line that cannot disguise itself.</summary>
    public static string Name(string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0) throw new UsageException("--name: give the name of the person the token is for, e.g. --name \"J. de Vries\"");
        if (trimmed.Length > MaxNameLength) throw new UsageException($"--name: at most {MaxNameLength} characters (got {trimmed.Length})");
        if (trimmed.Any(IsHidden)) throw new UsageException("--name: must not contain control characters (line breaks, tabs, escapes) or text-direction marks");
        return trimmed;
    }

    public static TimeSpan Validity(string? text)
    {
        var value = (text ?? "").Trim();
        if (!TryParseValidity(value, out var validity))
            throw new UsageException($"--valid: '{Printable(value)}' is not a duration; use {Durations.Forms} or hh:mm:ss");
        if (validity <= TimeSpan.Zero) throw new UsageException($"--valid: must be more than zero (got {Printable(value)})");
        if (validity > MaxValidity) throw new UsageException($"--valid: at most 31 days, e.g. 31d (got {Printable(value)})");
        return validity;
    }

    private static bool TryParseValidity(string text, out TimeSpan validity)
    {
        if (Durations.TryParse(text, out validity)) return true;
        // Only clock forms: TimeSpan.Parse would read a bare "8" as eight days.
        return text.Contains(':') && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out validity);
    }

    private static bool IsHidden(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069' || c is '\u200E' or '\u200F';

    /// <summary>Echoing hostile input back must not let it drive the terminal.</summary>
    internal static string Printable(string text) => Output.Display.Clean(text);
}
