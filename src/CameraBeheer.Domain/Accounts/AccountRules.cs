using CameraBeheer.Contracts.Text;

namespace CameraBeheer.Domain.Accounts;

/// <summary>
/// What a login, a display name and a password may be. Logins are ASCII only, so that a Cyrillic 'а' cannot pass for a
/// Latin 'a' in a list of users or the audit log, and compared without case ("Jansen" and "jansen" are one login).
/// </summary>
public static class AccountRules
{
    public const int MinLoginLength = 2;
    public const int MaxLoginLength = 64;
    public const int MaxNameLength = 100;

    /// <summary>Long enough to resist guessing without rules about digits and symbols (NIST SP 800-63B asks at least 8; 12 here).</summary>
    public const int MinPasswordLength = 12;

    /// <summary>A bound on what one sign-in makes the server hash; any real pass phrase fits.</summary>
    public const int MaxPasswordLength = 256;

    public const string LoginRule = "lower-case letters a-z, digits, '.', '_' and '-', 2 to 64 characters, starting with a letter or digit";

    /// <summary>The login in its one stored form (lower case), or an <see cref="AccountException"/> naming the problem.</summary>
    public static string Login(string? value)
    {
        var login = value ?? "";
        if (login.Length == 0) throw AccountException.Invalid("login", "is required");
        if (login.Length > MaxLoginLength) throw AccountException.Invalid("login", $"is longer than {MaxLoginLength} characters");
        // Lower-case ASCII only; ToLowerInvariant would map the Kelvin sign 'K' (U+212A) to 'k', so the check runs first.
        if (!login.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-'))
            throw AccountException.Invalid("login", $"'{Printable.Excerpt(login, 70)}' is not a login; use {LoginRule}");
        var lower = login.ToLowerInvariant();
        if (lower.Length < MinLoginLength || !char.IsAsciiLetterOrDigit(lower[0]))
            throw AccountException.Invalid("login", $"'{lower}' is not a login; use {LoginRule}");
        return lower;
    }

    /// <summary>True when <paramref name="value"/> would pass <see cref="Login"/>.</summary>
    public static bool IsLogin(string? value)
    {
        try
        {
            Login(value);
            return true;
        }
        catch (AccountException)
        {
            return false;
        }
    }

    /// <summary>The name shown in the audit log: trimmed, 1 to 100 characters, one line, no text-direction tricks.</summary>
    public static string DisplayName(string? value)
    {
        var name = (value ?? "").Trim();
        if (name.Length == 0) throw AccountException.Invalid("name", "is required, e.g. \"Operator Jansen\"");
        if (name.Length > MaxNameLength) throw AccountException.Invalid("name", $"is longer than {MaxNameLength} characters");
        if (name.Any(IsHidden)) throw AccountException.Invalid("name", "contains control or text-direction characters");
        if (!name.Any(char.IsLetter)) throw AccountException.Invalid("name", "has no letters");
        return name;
    }

    /// <summary>
    /// A new password: 12 to 256 characters, no control characters (a line break would be cut off when it is read from
    /// standard input). Anything else is allowed: no rules about digits or symbols.
    /// </summary>
    public static string NewPassword(string? value)
    {
        var password = value ?? "";
        if (password.Length == 0) throw AccountException.Invalid("password", "is required");
        if (password.Length < MinPasswordLength) throw AccountException.Invalid("password", $"is shorter than {MinPasswordLength} characters (got {password.Length})");
        if (password.Length > MaxPasswordLength) throw AccountException.Invalid("password", $"is longer than {MaxPasswordLength} characters");
        if (password.Any(char.IsControl)) throw AccountException.Invalid("password", "contains control characters (line breaks, tabs, escapes)");
        return password;
    }

    private static bool IsHidden(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069' || c is '\u200E' or '\u200F' or '\u200B' or '\uFEFF';
}
